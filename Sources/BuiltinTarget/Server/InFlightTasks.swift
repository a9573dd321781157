/// The commands of one session that are at the disk, and the task-management requests waiting on
/// them (RFC 7143 §11.5.1). An aborted command's status is never sent, and the abort is answered
/// only once the command has left the disk: the initiator sees either the command's status and
/// "task does not exist", or "function complete" and no status — never both.
struct InFlightTasks {
    /// ITT → LUN of each command handed to the I/O pool.
    private(set) var executing: [UInt32: UInt64] = [:]
    private var aborted: Set<UInt32> = []
    private var waiting: [(tmfITT: UInt32, tasks: Set<UInt32>)] = []

    mutating func started(_ itt: UInt32, lun: UInt64) {
        executing[itt] = lun
    }

    /// Marks the executing commands that `match` aborted, the request `tmfITT` waiting on them.
    /// Returns false when none matched (the caller answers at once).
    mutating func abort(tmfITT: UInt32, where match: (_ itt: UInt32, _ lun: UInt64) -> Bool) -> Bool {
        let hit = Set(executing.filter { match($0.key, $0.value) }.keys)
        guard !hit.isEmpty else { return false }
        aborted.formUnion(hit)
        waiting.append((tmfITT, hit))
        return true
    }

    /// A command came back from the disk: whether its status is to be sent, and the ITTs of the
    /// task-management requests that nothing holds back any more.
    mutating func finished(_ itt: UInt32) -> (respond: Bool, answerable: [UInt32]) {
        executing[itt] = nil
        let wasAborted = aborted.remove(itt) != nil
        var answerable: [UInt32] = []
        waiting = waiting.compactMap { entry in
            var entry = entry
            entry.tasks.remove(itt)
            if entry.tasks.isEmpty {
                answerable.append(entry.tmfITT)
                return nil
            }
            return entry
        }
        return (!wasAborted, answerable)
    }
}

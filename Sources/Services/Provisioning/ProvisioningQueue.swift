/// Orders driver work. Two kinds of operation:
/// - **exclusive** (`run(_:)`): reconciles, image versions, settings changes. It runs alone, after
///   everything called before it, and nothing called after it starts before it ends. An actor
///   alone is not enough: actor methods interleave at every `await`, and a reconcile must never
///   see half of a reset or a commit (it would take a fresh version volume for an orphan).
/// - **per machine** (`run(machine:_:)`): disk resets. Operations of different machines run at
///   the same time, at most `limit` of them; two of one machine run one after the other, in call
///   order. None runs while an exclusive one does, and none called after an exclusive one starts
///   before it.
///
/// Operations run in their own task: a caller that is cancelled does not stop work it queued.
actor ProvisioningQueue {
    enum Mode: Hashable, Sendable {
        case exclusive
        case machine(Int64)
    }

    private var waiting: [(ticket: Int, mode: Mode)] = []
    private var granted: Set<Int> = []
    private var sleepers: [Int: CheckedContinuation<Void, Never>] = [:]
    private var exclusiveRunning = false
    private var machinesRunning: Set<Int64> = []
    private var nextTicket = 0
    /// Per-machine operations at once (`limits.resetsAtOnce`).
    private(set) var limit: Int
    /// The most per-machine operations that ran at once so far (tests and logs).
    private(set) var mostAtOnce = 0
    /// Counts operations queued and ended: unchanged means no driver work was queued or ended
    /// in between (`VolumeListingCache` keeps a volume listing while it is unchanged).
    private(set) var generation = 0

    /// Operations called and not started yet.
    var waitingCount: Int { waiting.count }

    init(limit: Int = 8) {
        self.limit = max(1, limit)
    }

    /// Runs `operation` alone (see the type's comment).
    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await run(.exclusive, operation)
    }

    /// Runs `operation` for machine `id`, beside other machines' operations.
    func run<T: Sendable>(machine id: Int64, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        try await run(.machine(id), operation)
    }

    /// A new bound on per-machine operations at once; running ones finish, waiting ones follow it.
    func setLimit(_ limit: Int) {
        self.limit = max(1, limit)
        grant()
    }

    private func run<T: Sendable>(_ mode: Mode, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        nextTicket += 1
        let ticket = nextTicket
        waiting.append((ticket, mode))  // in call order, before any suspension
        generation += 1
        grant()
        let task = Task {
            await self.wait(ticket)
            let result: Result<T, any Error>
            do { result = .success(try await operation()) } catch { result = .failure(error) }
            self.finished(mode)
            return try result.get()
        }
        return try await task.value
    }

    private func wait(_ ticket: Int) async {
        if granted.remove(ticket) != nil { return }
        await withCheckedContinuation { sleepers[ticket] = $0 }
    }

    private func finished(_ mode: Mode) {
        generation += 1
        switch mode {
        case .exclusive: exclusiveRunning = false
        case .machine(let id): machinesRunning.remove(id)
        }
        grant()
    }

    /// Starts every waiting operation that may start, front to back.
    private func grant() {
        var busyMachines: Set<Int64> = []  // machines with an earlier operation still waiting
        var i = 0
        while i < waiting.count {
            switch waiting[i].mode {
            case .exclusive:
                guard i == 0, !exclusiveRunning, machinesRunning.isEmpty else { return }
                exclusiveRunning = true
                start(at: i)
                return
            case .machine(let id):
                if !exclusiveRunning, !machinesRunning.contains(id), !busyMachines.contains(id), machinesRunning.count < limit {
                    machinesRunning.insert(id)
                    mostAtOnce = max(mostAtOnce, machinesRunning.count)
                    start(at: i)
                } else {
                    busyMachines.insert(id)
                    i += 1
                }
            }
        }
    }

    private func start(at index: Int) {
        let ticket = waiting.remove(at: index).ticket
        if let sleeper = sleepers.removeValue(forKey: ticket) {
            sleeper.resume()
        } else {
            granted.insert(ticket)
        }
    }
}

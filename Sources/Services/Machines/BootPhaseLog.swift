import Domain
import Foundation
import Logging
import Store

/// The boot event's record (machine `booting`, phase and time, a `boot.<phase>` event), written in
/// batches off the boot script's response path: one write transaction per `interval`, or at once
/// when `batchLimit` distinct entries wait, instead of one per script. Adds of the same machine,
/// phase and address are coalesced (`Inbox`): a batch writes one event per key in first-seen
/// order, at its first time, with ` repeats=N` in the detail when there were N > 1, and one status
/// per machine, its latest. Nothing is dropped: `flush()` writes everything added before it
/// returns (the server calls it at shutdown, after the HTTP servers have stopped); a batch whose
/// transaction fails is tried again with the next one.
///
/// An entry older than the machine's recorded boot (a later phase written directly meanwhile, such
/// as the iSCSI login) adds its event but leaves the machine's status and phase alone.
public actor BootPhaseLog {
    let context: ServiceContext
    let interval: Duration
    let batchLimit: Int
    private nonisolated let inbox = Locked(Inbox())
    private var flushing: Task<Void, Never>?
    /// Adds written so far (repeats included).
    public private(set) var written = 0
    /// Event rows written so far (one per distinct machine, phase and address in a batch).
    public private(set) var eventRows = 0
    /// Write transactions so far (one per batch).
    public private(set) var batches = 0
    /// A batch is tried this many times before it is dropped (with an error in the log).
    static let maxAttempts = 5

    /// - Parameter batchLimit: distinct entries that start a write before `interval` is over; high,
    ///   so that a storm's batches are normally the timer's (the inbox holds one entry per key).
    init(context: ServiceContext, interval: Duration = .milliseconds(200), batchLimit: Int = 5000) {
        self.context = context
        self.interval = interval
        self.batchLimit = batchLimit
    }

    /// Distinct entries (machine, phase, address) added and not yet written (nor being written).
    public nonisolated var pendingCount: Int { inbox.withLock { $0.count } }

    /// Queues `phase` of `machine`, reached now. Synchronous and non-blocking beyond a short
    /// lock: callable from an event loop. The first entry after a quiet spell arms a timer
    /// (written within `interval`); `batchLimit` distinct entries start a write at once.
    nonisolated func add(machine: Machine, phase: BootPhase, ip: IPv4Address?, at: Date) {
        let key = Key(machineID: machine.id, phase: phase, ip: ip)
        let (arm, kick) = inbox.withLock { s -> (Bool, Bool) in
            s.add(key, mac: machine.mac, at: at)
            if !s.armed {
                s.armed = true
                return (true, false)
            }
            if s.count >= batchLimit, !s.kicked {
                s.kicked = true
                return (false, true)
            }
            return (false, false)
        }
        if arm { scheduleTimer() }
        if kick { Task { await self.startFlush() } }
    }

    /// Writes every entry added before the call; returns when they are in the database (or were
    /// dropped after `maxAttempts` failed transactions).
    public func flush() async {
        while true {
            if let flushing {
                await flushing.value
            } else if pendingCount > 0 {
                startFlush()
            } else {
                return
            }
        }
    }

    private nonisolated func scheduleTimer() {
        let interval = self.interval
        Task { [weak self] in
            do { try await Task.sleep(for: interval) } catch { return }
            await self?.startFlush()
        }
    }

    /// Takes everything waiting into one write (none while one runs: its end looks again).
    private func startFlush() {
        guard flushing == nil else { return }
        let batch = inbox.withLock { s -> [Entry] in
            let batch = s.take()
            s.kicked = false
            if batch.isEmpty { s.armed = false }
            return batch
        }
        guard !batch.isEmpty else { return }
        flushing = Task {
            let (adds, rows, retry) = await self.write(batch)
            self.flushed(adds, rows: rows, retry: retry)
        }
    }

    private func flushed(_ adds: Int, rows: Int, retry: [Entry]) {
        flushing = nil
        written += adds
        eventRows += rows
        batches += 1
        let waiting = inbox.withLock { s -> Int in
            s.putBack(retry)
            if s.count == 0 { s.armed = false }
            return s.count
        }
        if waiting >= batchLimit {
            startFlush()
        } else if waiting > 0 {
            scheduleTimer()
        }
    }

    /// One transaction for the batch: each machine's latest entry moves its status, then one event
    /// per entry (none for a machine deleted meanwhile). Returns the adds and event rows written
    /// and the entries to try again.
    private nonisolated func write(_ batch: [Entry]) async -> (Int, Int, [Entry]) {
        let actor = Caller.boot.name
        do {
            let events: [Event] = try await context.write { tx in
                var latest: [Int64: Int] = [:]  // machine → its entry with the latest time
                var machines: [Int64] = []
                for (i, entry) in batch.enumerated() {
                    if let j = latest[entry.key.machineID] {
                        if entry.last >= batch[j].last { latest[entry.key.machineID] = i }
                    } else {
                        latest[entry.key.machineID] = i
                        machines.append(entry.key.machineID)
                    }
                }
                var missing = Set<Int64>()
                for id in machines {
                    let entry = batch[latest[id]!]
                    if try tx.recordMachineBoot(id: id, phase: entry.key.phase, at: entry.last) == .missing { missing.insert(id) }
                }
                var events: [Event] = []
                events.reserveCapacity(batch.count)
                for entry in batch where !missing.contains(entry.key.machineID) {
                    events.append(try tx.insertEvent(Event(time: entry.first, actor: actor, action: "boot.\(entry.key.phase.rawValue)",
                                                           subject: "machine/\(entry.key.machineID)", outcome: .success,
                                                           detail: Self.detail(entry))))
                }
                return events
            }
            for event in events { context.events.publish(event) }
            return (batch.reduce(0) { $0 + $1.count }, events.count, [])
        } catch {
            let retry = batch.compactMap { entry -> Entry? in
                var entry = entry
                entry.attempts += 1
                return entry.attempts < Self.maxAttempts ? entry : nil
            }
            let dropped = batch.reduce(0) { $0 + $1.count } - retry.reduce(0) { $0 + $1.count }
            context.logger.error("boot phases not written", metadata: ["count": "\(batch.count)", "dropped": "\(dropped)",
                                                                       "error": "\(error)"])
            return (0, 0, retry)
        }
    }

    /// `mac=… ip=…` as a directly written boot event says it, and ` repeats=N` for N adds.
    static func detail(_ entry: Entry) -> String {
        var detail = "mac=\(entry.mac)"
        if let ip = entry.key.ip { detail += " ip=\(ip)" }
        if entry.count > 1 { detail += " repeats=\(entry.count)" }
        return detail
    }
}

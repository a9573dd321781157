import Domain
import Foundation
import Logging
import Store

/// The boot event's record (machine `booting`, phase and time, a `boot.<phase>` event), written in
/// batches off the boot script's response path: one write transaction per `interval` or per
/// `batchLimit` entries instead of one per script. Nothing is dropped: `flush()` writes
/// everything added before it returns (the server calls it at shutdown, after the HTTP servers
/// have stopped); a batch whose transaction fails is tried again with the next one.
///
/// An entry older than the machine's recorded boot (a later phase written directly meanwhile, such
/// as the iSCSI login) adds its event but leaves the machine's status and phase alone.
public actor BootPhaseLog {
    struct Entry: Sendable {
        let machineID: Int64
        let mac: MACAddress
        let phase: BootPhase
        let ip: IPv4Address?
        let at: Date
        var attempts = 0
    }

    /// What `add` appends to without a hop onto the actor (the boot fast path answers on an event
    /// loop): the entries waiting, and whether a wake-up (timer or flush) is already on its way.
    struct Inbox {
        var pending: [Entry] = []
        /// A timer, a kick or a running flush will look at `pending` again.
        var armed = false
        /// A flush was asked for because `batchLimit` was reached.
        var kicked = false
    }

    let context: ServiceContext
    let interval: Duration
    let batchLimit: Int
    private nonisolated let inbox = Locked(Inbox())
    private var flushing: Task<Void, Never>?
    /// Entries written so far.
    public private(set) var written = 0
    /// Write transactions so far (one per batch).
    public private(set) var batches = 0
    /// A batch is tried this many times before it is dropped (with an error in the log).
    static let maxAttempts = 5

    init(context: ServiceContext, interval: Duration = .milliseconds(200), batchLimit: Int = 500) {
        self.context = context
        self.interval = interval
        self.batchLimit = batchLimit
    }

    /// Entries added and not yet written (nor being written).
    public nonisolated var pendingCount: Int { inbox.withLock { $0.pending.count } }

    /// Queues `phase` of `machine`, reached now. Synchronous and non-blocking beyond a short
    /// lock: callable from an event loop. The first entry after a quiet spell arms a timer
    /// (written within `interval`); `batchLimit` entries start a write at once.
    nonisolated func add(machine: Machine, phase: BootPhase, ip: IPv4Address?, at: Date) {
        let entry = Entry(machineID: machine.id, mac: machine.mac, phase: phase, ip: ip, at: at)
        let (arm, kick) = inbox.withLock { s -> (Bool, Bool) in
            s.pending.append(entry)
            if !s.armed {
                s.armed = true
                return (true, false)
            }
            if s.pending.count >= batchLimit, !s.kicked {
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
            let batch = s.pending
            s.pending = []
            s.kicked = false
            if batch.isEmpty { s.armed = false }
            return batch
        }
        guard !batch.isEmpty else { return }
        flushing = Task {
            let (count, retry) = await self.write(batch)
            self.flushed(count, retry: retry)
        }
    }

    private func flushed(_ count: Int, retry: [Entry]) {
        flushing = nil
        written += count
        batches += 1
        let waiting = inbox.withLock { s -> Int in
            s.pending = retry + s.pending
            if s.pending.isEmpty { s.armed = false }
            return s.pending.count
        }
        if waiting >= batchLimit {
            startFlush()
        } else if waiting > 0 {
            scheduleTimer()
        }
    }

    /// One transaction for the batch; returns how many it wrote and the entries to try again.
    private nonisolated func write(_ batch: [Entry]) async -> (Int, [Entry]) {
        let actor = Caller.boot.name
        do {
            let events: [Event] = try await context.write { tx in
                var events: [Event] = []
                for entry in batch {
                    guard let lastBootAt = try tx.machineLastBootAt(id: entry.machineID) else { continue }  // deleted meanwhile
                    if (lastBootAt ?? .distantPast) <= entry.at {
                        try tx.updateMachineStatus(id: entry.machineID, status: .booting, phase: entry.phase, bootAt: entry.at)
                    }
                    var detail = "mac=\(entry.mac)"
                    if let ip = entry.ip { detail += " ip=\(ip)" }
                    events.append(try tx.insertEvent(Event(time: entry.at, actor: actor, action: "boot.\(entry.phase.rawValue)",
                                                           subject: "machine/\(entry.machineID)", outcome: .success, detail: detail)))
                }
                return events
            }
            for event in events { context.events.publish(event) }
            return (batch.count, [])
        } catch {
            let retry = batch.compactMap { entry -> Entry? in
                var entry = entry
                entry.attempts += 1
                return entry.attempts < Self.maxAttempts ? entry : nil
            }
            context.logger.error("boot phases not written", metadata: ["count": "\(batch.count)", "dropped": "\(batch.count - retry.count)",
                                                                       "error": "\(error)"])
            return (0, retry)
        }
    }
}

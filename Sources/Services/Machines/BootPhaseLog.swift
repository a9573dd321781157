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

    let context: ServiceContext
    let interval: Duration
    let batchLimit: Int
    private var pending: [Entry] = []
    private var flushing: Task<Void, Never>?
    private var timer: Task<Void, Never>?
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

    /// Entries added and not yet written.
    public var pendingCount: Int { pending.count }

    /// Queues `phase` of `machine`, reached now.
    func add(machine: Machine, phase: BootPhase, ip: IPv4Address?, at: Date) {
        pending.append(Entry(machineID: machine.id, mac: machine.mac, phase: phase, ip: ip, at: at))
        if pending.count >= batchLimit {
            startFlush()
        } else if timer == nil, flushing == nil {
            scheduleTimer()
        }
    }

    /// Writes every entry added before the call; returns when they are in the database (or were
    /// dropped after `maxAttempts` failed transactions).
    public func flush() async {
        while true {
            if let flushing {
                await flushing.value
            } else if !pending.isEmpty {
                startFlush()
            } else {
                return
            }
        }
    }

    private func scheduleTimer() {
        let interval = self.interval
        timer = Task { [weak self] in
            do { try await Task.sleep(for: interval) } catch { return }
            await self?.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        startFlush()
    }

    private func startFlush() {
        guard flushing == nil, !pending.isEmpty else { return }
        timer?.cancel()
        timer = nil
        let batch = pending
        pending = []
        flushing = Task {
            let (count, retry) = await self.write(batch)
            self.flushed(count, retry: retry)
        }
    }

    private func flushed(_ count: Int, retry: [Entry]) {
        flushing = nil
        written += count
        batches += 1
        pending = retry + pending
        if pending.count >= batchLimit {
            startFlush()
        } else if !pending.isEmpty, timer == nil {
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

import Domain
import Foundation
@testable import Services
import Store
import Testing

/// Repeated boot records coalesced in `BootPhaseLog`'s inbox, written to a real SQLite database.
/// Each test adds to a log of its own whose timer never fires during the test (an hour), so a
/// batch is exactly what `flush()` takes.
@Suite struct BootPhaseCoalescingTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func site(machines count: Int) async throws -> (ServiceContainer, BootPhaseLog, [Machine]) {
        let services = try ServiceContainer.temporary()
        let context = await services.bootPhases.context
        let machines = try await context.write { tx in
            try (0..<count).map { i in
                try tx.insertMachine(Machine(name: "pc\(i)", mac: MACAddress(String(format: "52:54:00:00:%02x:%02x", i / 256, i % 256))!))
            }
        }
        return (services, BootPhaseLog(context: context, interval: .seconds(3600)), machines)
    }

    /// Every boot event of the database in the order written (by id).
    static func bootEvents(_ services: ServiceContainer) async throws -> [Event] {
        try await services.events.list(action: "boot", limit: 500).items.sorted { $0.id < $1.id }
    }

    @Test func repeatsOfOneMachinePhaseAndAddressAreOneEvent() async throws {
        let (services, log, machines) = try await Self.site(machines: 1)
        let m = machines[0]
        for i in 0..<5 { log.add(machine: m, phase: .script, ip: IPv4Address(10, 0, 0, 7), at: Self.t0 + Double(i)) }
        #expect(log.pendingCount == 1)
        await log.flush()
        let events = try await Self.bootEvents(services)
        #expect(events.map(\.detail) == ["mac=52:54:00:00:00:00 ip=10.0.0.7 repeats=5"])
        #expect(events.map(\.action) == ["boot.script"] && events.map(\.subject) == ["machine/\(m.id)"])
        #expect(abs(try #require(events.first).time.timeIntervalSince(Self.t0)) < 0.001, "the event is at the first time")
        let after = try await services.machines.get(id: m.id)
        #expect(after.status == .booting && after.lastBootPhase == .script)
        #expect(abs(try #require(after.lastBootAt).timeIntervalSince(Self.t0 + 4)) < 0.001, "the status is at the last time")
        let (written, rows, batches) = (await log.written, await log.eventRows, await log.batches)
        #expect(written == 5 && rows == 1 && batches == 1 && log.pendingCount == 0)
    }

    @Test func anAddOnceKeepsTheDirectDetail() async throws {
        let (services, log, machines) = try await Self.site(machines: 1)
        log.add(machine: machines[0], phase: .script, ip: IPv4Address(10, 0, 0, 7), at: Self.t0)
        log.add(machine: machines[0], phase: .script, ip: nil, at: Self.t0 + 1)
        await log.flush()
        #expect(try await Self.bootEvents(services).map(\.detail) == ["mac=52:54:00:00:00:00 ip=10.0.0.7", "mac=52:54:00:00:00:00"])
    }

    /// Different addresses and phases are rows of their own, written in first-seen order; each
    /// machine's status is its latest entry's.
    @Test func addressesAndPhasesStaySeparateInFirstSeenOrder() async throws {
        let (services, log, machines) = try await Self.site(machines: 2)
        let (a, b) = (machines[0], machines[1])
        let ip1 = IPv4Address(10, 0, 0, 1), ip2 = IPv4Address(10, 0, 0, 2)
        log.add(machine: a, phase: .script, ip: ip1, at: Self.t0 + 1)
        log.add(machine: b, phase: .script, ip: ip1, at: Self.t0 + 2)
        log.add(machine: a, phase: .script, ip: ip2, at: Self.t0 + 3)
        log.add(machine: a, phase: .script, ip: ip1, at: Self.t0 + 4)
        log.add(machine: a, phase: .tftp, ip: ip1, at: Self.t0 + 5)
        log.add(machine: b, phase: .script, ip: ip1, at: Self.t0 + 6)
        #expect(log.pendingCount == 4)
        await log.flush()
        let events = try await Self.bootEvents(services)
        #expect(events.map { "\($0.subject) \($0.action) \($0.detail)" } == [
            "machine/\(a.id) boot.script mac=\(a.mac) ip=10.0.0.1 repeats=2",
            "machine/\(b.id) boot.script mac=\(b.mac) ip=10.0.0.1 repeats=2",
            "machine/\(a.id) boot.script mac=\(a.mac) ip=10.0.0.2",
            "machine/\(a.id) boot.tftp mac=\(a.mac) ip=10.0.0.1",
        ])
        #expect(events.map { Int($0.time.timeIntervalSince(Self.t0).rounded()) } == [1, 2, 3, 5])
        let (afterA, afterB) = (try await services.machines.get(id: a.id), try await services.machines.get(id: b.id))
        #expect(afterA.lastBootPhase == .tftp && afterB.lastBootPhase == .script)
        #expect(abs(try #require(afterB.lastBootAt).timeIntervalSince(Self.t0 + 6)) < 0.001)
        let (written, rows) = (await log.written, await log.eventRows)
        #expect(written == 6 && rows == 4)
    }

    @Test func aMachineDeletedMeanwhileGetsNoEvent() async throws {
        let (services, log, machines) = try await Self.site(machines: 2)
        let (a, b) = (machines[0], machines[1])
        log.add(machine: b, phase: .script, ip: nil, at: Self.t0)
        log.add(machine: a, phase: .script, ip: nil, at: Self.t0 + 1)
        log.add(machine: b, phase: .script, ip: nil, at: Self.t0 + 2)
        #expect(try await services.machines.delete(id: b.id, by: .system))
        await log.flush()
        #expect(try await Self.bootEvents(services).map(\.subject) == ["machine/\(a.id)"])
        #expect(try await services.machines.get(id: a.id).status == .booting)
        #expect(try await services.machines.list(MachineQuery()).items.map(\.id) == [a.id])
        #expect(log.pendingCount == 0)
    }

    /// A storm's worth: 20,000 adds over 1,000 machines (each from its own address) wait as 1,000
    /// entries and are one batch of 1,000 event rows (without coalescing: 20,000 rows in 40
    /// batches of 500).
    @Test func aStormOfRepeatsIsOneRowPerMachine() async throws {
        let (services, log, machines) = try await Self.site(machines: 1000)
        for round in 0..<20 {
            for (i, m) in machines.enumerated() {
                log.add(machine: m, phase: .script, ip: IPv4Address(value: 0x0A00_0000 + UInt32(i)), at: Self.t0 + Double(round))
            }
        }
        #expect(log.pendingCount == machines.count)
        let took = await ContinuousClock().measure { await log.flush() }
        let (written, rows, batches) = (await log.written, await log.eventRows, await log.batches)
        print("BootPhaseLog: \(written) adds over \(machines.count) machines -> \(batches) batch(es), \(rows) event rows, flush \(took)")
        #expect(written == 20_000 && rows == machines.count && batches == 1)
        let events = try await services.events.list(action: "boot.script", limit: 1)
        #expect(events.total == machines.count && events.items.first?.detail.hasSuffix(" repeats=20") == true)
    }
}

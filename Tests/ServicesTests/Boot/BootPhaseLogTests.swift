import Domain
import Foundation
import Services
import Testing

/// The boot event's record, written in batches (`BootPhaseLog`), against a real SQLite database.
@Suite struct BootPhaseLogTests {
    /// A clock one second further at every reading.
    final class Ticking: @unchecked Sendable {
        private let lock = NSLock()
        private var time = Date(timeIntervalSince1970: 1_800_000_000)
        func now() -> Date { lock.withLock { time += 1; return time } }
    }

    static func site(machines count: Int) async throws -> (ServiceContainer, BootService, [Machine]) {
        let clock = Ticking()
        let services = try ServiceContainer.temporary(now: { clock.now() })
        var settings = try await services.settings.get()
        settings.http.trustAnyBootClient = true  // the test's client addresses are on no LAN
        _ = try await services.settings.update(settings, by: .system)
        let item = try await services.bootItems.create(
            BootItemInput(name: "netboot", label: "netboot", kind: "chain", url: "http://10.0.0.1/x.ipxe"), by: .system)
        var machines: [Machine] = []
        for i in 0..<count {
            machines.append(try await services.machines.create(
                MachineInput(name: "pc\(i)", mac: String(format: "52:54:00:00:%02x:%02x", i / 256, i % 256),
                             defaultBootItem: item.id, bootItems: [item.id]), by: .system))
        }
        return (services, BootService(services: services, firstLUN: 1, listenPort: 8050), machines)
    }

    /// Scripts served at once while other callers flush in between: after the last flush every
    /// boot is in the database (one event each, every machine booting), none lost or doubled.
    @Test func concurrentBootsAreAllWrittenByFlush() async throws {
        let (services, boot, machines) = try await Self.site(machines: 120)
        await withTaskGroup(of: Void.self) { group in
            for (i, m) in machines.enumerated() {
                group.addTask { _ = await boot.script(forMAC: m.mac, client: BootClient(ip: IPv4Address(10, 0, 0, UInt8(i % 250 + 1)))) }
                if i % 40 == 0 { group.addTask { await services.bootPhases.flush() } }
            }
        }
        await services.bootPhases.flush()
        #expect(await services.bootPhases.pendingCount == 0)
        #expect(await services.bootPhases.written == machines.count)
        let events = try await services.events.list(action: "boot.script", limit: 500)
        #expect(events.total == machines.count)
        #expect(Set(events.items.map(\.subject)) == Set(machines.map { "machine/\($0.id)" }))
        for m in machines {
            let after = try await services.machines.get(id: m.id)
            #expect(after.status == .booting && after.lastBootPhase == .script && after.lastBootAt != nil)
        }
    }

    /// What the shutdown does (`BootPhaseFlush` calls `flush()` once the HTTP servers stopped): a
    /// boot recorded just before is written at once, not at the next interval.
    @Test func flushWritesWhatWasJustRecorded() async throws {
        let (services, boot, machines) = try await Self.site(machines: 1)
        _ = await boot.script(forMAC: machines[0].mac)
        await services.bootPhases.flush()
        #expect(try await services.events.list(action: "boot.script").total == 1)
        #expect(try await services.machines.get(id: machines[0].id).status == .booting)
        await services.bootPhases.flush()  // nothing left: writes nothing more
        #expect(await services.bootPhases.written == 1)
    }

    /// A later phase written directly (the iSCSI login) is not overwritten by an older batched
    /// script phase; the script's event is still written.
    @Test func anOlderBatchedPhaseDoesNotOverwriteALaterOne() async throws {
        let (services, boot, machines) = try await Self.site(machines: 1)
        _ = await boot.script(forMAC: machines[0].mac)
        try await services.machines.recordBootPhase(mac: machines[0].mac, phase: .iscsiLogin)
        await services.bootPhases.flush()
        #expect(try await services.machines.get(id: machines[0].id).lastBootPhase == .iscsiLogin)
        #expect(try await services.events.list(action: "boot.script").total == 1)
    }
}

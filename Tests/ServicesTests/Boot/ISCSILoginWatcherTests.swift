import Domain
import Services
import Testing

/// The target driver is a stand-in here (its sessions are set by the test); the real tgt driver
/// reports sessions in the e2e-boot tier, where a QEMU client logs in.
@Suite struct ISCSILoginWatcherTests {
    actor SessionsDriver: TargetDriver {
        nonisolated let kind = TargetDriverKind.tgt
        nonisolated let firstLUN = 1
        var targets: [TargetState] = []
        func set(_ t: [TargetState]) { targets = t }
        func availability() async -> DriverAvailability { .available }
        func listTargets(prefix: String) async throws -> [TargetState] { targets.filter { $0.iqn.hasPrefix(prefix) } }
        func applyTarget(_ spec: TargetSpec) async throws {}
        func removeTarget(iqn: String) async throws {}
    }

    @Test func aNewSessionRecordsTheLoginPhaseOnce() async throws {
        let services = try ServiceContainer.temporary()
        let pc01 = try await services.machines.create(MachineInput(name: "pc01", mac: "52:54:00:aa:bb:01"), by: .system)
        let driver = SessionsDriver()
        let watcher = ISCSILoginWatcher(services: services, driver: driver)
        var seen = try await watcher.look(previous: [])
        #expect(seen.isEmpty)
        await driver.set([TargetState(iqn: "iqn.2022-10.org.dbc.iscsi:pc01",
                                      sessions: [.init(initiator: "iqn.2022-10.org.dbc.iscsi:client.525400aabb01", address: "10.99.0.101")]),
                          TargetState(iqn: "iqn.2022-10.org.dbc.iscsi:ghost", sessions: [.init(initiator: "x")])])
        seen = try await watcher.look(previous: seen)
        #expect(seen.count == 2)
        let after = try await services.machines.get(id: pc01.id)
        #expect(after.lastBootPhase == .iscsiLogin && after.status == .booting)
        let events = try await services.events.list(action: "boot.iscsiLogin")
        #expect(events.total == 1)
        _ = try await watcher.look(previous: seen)
        #expect(try await services.events.list(action: "boot.iscsiLogin").total == 1, "the same session is recorded once")
    }
}

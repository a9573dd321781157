import Domain
import Foundation
import Services
import Testing

/// Records the hook calls. A fake of the extension point itself (the real provisioner with disks
/// and targets is tested by the storage work), so this checks only when the services call it.
final class RecordingProvisioner: Provisioner, @unchecked Sendable {
    private let lock = NSLock()
    private var log: [String] = []
    let failing: Bool

    init(failing: Bool = false) { self.failing = failing }

    var calls: [String] { lock.withLock { log } }

    private func note(_ s: String) throws {
        lock.withLock { log.append(s) }
        struct HookFailed: Error, CustomStringConvertible { var description: String { "disk full" } }
        if failing { throw HookFailed() }
    }

    func machineCreated(_ machine: Machine) async throws { try note("machineCreated \(machine.name)") }
    func machineChanged(old: Machine, new: Machine) async throws { try note("machineChanged \(old.name)->\(new.name)") }
    func machineDeleted(_ machine: Machine) async throws { try note("machineDeleted \(machine.name)") }
    func imageCreated(_ image: Image) async throws { try note("imageCreated \(image.name)") }
    func imageDeleted(_ image: Image) async throws { try note("imageDeleted \(image.name)") }
    func bootEvent(machine: Machine) async throws { try note("bootEvent \(machine.name)") }
}

@Suite struct ProvisionerHookTests {
    @Test func hooksRunAfterCommitsInOrder() async throws {
        let p = RecordingProvisioner()
        let s = try ServiceContainer.temporary(provisioner: p)
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        var input = MachineInput(m)
        input.name = "pc2"
        _ = try await s.machines.update(id: m.id, input, by: admin)
        try await s.machines.recordBootPhase(mac: m.mac, phase: .dhcp)
        try await s.machines.recordBootPhase(mac: m.mac, phase: .script)
        try await s.machines.delete(id: m.id, by: admin)
        let i = try await s.images.create(ImageInput(name: "w", sizeMiB: 8), by: admin)
        try await s.images.delete(id: i.id, by: admin)
        _ = await thrownError { _ = try await s.machines.create(MachineInput(name: "bad name", mac: mac(2)), by: admin) }
        #expect(p.calls == ["machineCreated pc1", "machineChanged pc1->pc2", "bootEvent pc2", "machineDeleted pc2",
                            "imageCreated w", "imageDeleted w"])
    }

    @Test func aFailingHookKeepsTheRecordAndLogsAFailure() async throws {
        let s = try ServiceContainer.temporary(provisioner: RecordingProvisioner(failing: true))
        let i = try await s.images.create(ImageInput(name: "w", sizeMiB: 8), by: admin)
        #expect(try await s.images.get(id: i.id).name == "w")
        let failures = try await s.events.list(action: "image.provision", outcome: "failure")
        #expect(failures.items.map(\.detail) == ["provisioning failed: disk full"])
    }

    @Test func aProvisionerBuiltOnTheCoreServesTheContainerBuiltAfterIt() async throws {
        let core = try ServiceContainer.temporaryCore()
        let p = RecordingProvisioner()
        let s = ServiceContainer(core: core, provisioner: p)
        _ = try await s.images.create(ImageInput(name: "w", sizeMiB: 8), by: admin)
        #expect(p.calls == ["imageCreated w"])
        // One database, one event log: what the container wrote, the core reads.
        #expect(try await core.events.list(action: "image.create").items.count == 1)
        #expect(s.events === core.events && s.jobs === core.jobs)
    }
}

@Suite struct DiscoveryServiceTests {
    @Test func registersWithAGeneratedNameAndForgets() async throws {
        let s = try ServiceContainer.temporary()
        let m = MACAddress("52:54:00:AB:CD:EF")!
        try await s.discovery.record(mac: m, ip: IPv4Address("192.168.1.77"), via: "dhcp", platform: "efi")
        try await s.discovery.record(mac: m, ip: nil, via: "tftp")
        #expect(try await s.discovery.list().count == 1)
        let machine = try await s.discovery.register(mac: m, by: admin)
        #expect(machine.name == "pc-abcdef")
        #expect(try await s.discovery.list().isEmpty)
        // A registered MAC is not rediscovered.
        try await s.discovery.record(mac: m, ip: nil, via: "dhcp")
        #expect(try await s.discovery.list().isEmpty)
    }

    @Test func registerWithANameValidatesIt() async throws {
        let s = try ServiceContainer.temporary()
        let m = MACAddress("525400000042")!
        try await s.discovery.record(mac: m, ip: nil, via: "script")
        #expect(await invalidFields { _ = try await s.discovery.register(mac: m, name: "bad\nname", by: admin) } == ["name"])
        #expect(try await s.discovery.register(mac: m, name: "lab-42", by: admin).name == "lab-42")
        #expect(await thrownError { _ = try await s.discovery.register(mac: m, by: admin) } == .notFound(.discoveredNotFound, "discovered machine 52:54:00:00:00:42"))
    }

    @Test func removeIsIdempotent() async throws {
        let s = try ServiceContainer.temporary()
        let m = MACAddress("525400000043")!
        try await s.discovery.record(mac: m, ip: nil, via: "dhcp")
        #expect(try await s.discovery.remove(mac: m, by: admin))
        #expect(try await !s.discovery.remove(mac: m, by: admin))
    }
}

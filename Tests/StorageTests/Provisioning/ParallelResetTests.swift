import Domain
import Foundation
import Services
import Storage
import Testing

/// Disk resets side by side: real files (file driver), real SQLite, targets in memory. Overlap is
/// proven by two resets inside the storage driver at once (`GatedStorage`), never by durations.
@Suite struct ParallelResetTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    struct Site {
        let f: ProvisioningFixture
        let storage: GatedStorage
        let targets: MemoryTargetDriver
        let image: Image
        let machines: [Machine]

        func disk(_ m: Machine) -> String { f.path(DiskNames.machineDisk(machine: m.id, image: image.id)) }
        func dirty(_ m: Machine) throws { try writeBytes(disk(m), offset: 0, [0xab, 0xab, 0xab, 0xab]) }
        func first4(_ m: Machine) throws -> [UInt8] { try readBytes(disk(m), offset: 0, count: 4) }
    }

    static func site(machines count: Int, resets: Int, failing: Bool = false) async throws -> Site {
        var gated: GatedStorage?
        let targets = MemoryTargetDriver()
        let f = try await ProvisioningFixture(targets: targets, storage: { file in
            let g = GatedStorage(file, expected: resets, failing: failing)
            gated = g
            return g
        })
        let storage = try #require(gated)
        storage.provisioner = f.service
        let (image, item) = try await f.imageWithVersion()
        var machines: [Machine] = []
        for n in 1...count { machines.append(try await f.machine(n, items: [item.id])) }
        let site = Site(f: f, storage: storage, targets: targets, image: image, machines: machines)
        for m in machines { try site.dirty(m) }
        return site
    }

    @Test func resetsOfTwoMachinesOverlap() async throws {
        let site = try await Self.site(machines: 2, resets: 2)
        defer { site.f.tearDown() }
        async let a = site.f.service.resetMachine(id: site.machines[0].id, by: .system)
        async let b = site.f.service.resetMachine(id: site.machines[1].id, by: .system)
        _ = try await (a, b)
        #expect(site.storage.mostInside == 2)
        for m in site.machines { #expect(try site.first4(m) == [0x11, 0x11, 0x11, 0x11]) }
        #expect(try await site.f.service.reconcile().isClean)
    }

    @Test func resetsOfOneMachineRunOneAfterTheOther() async throws {
        let site = try await Self.site(machines: 1, resets: 2)
        defer { site.f.tearDown() }
        let id = site.machines[0].id
        async let a = site.f.service.resetMachine(id: id, by: .system)
        async let b = site.f.service.resetMachine(id: id, by: .system)
        _ = try await (a, b)
        #expect(site.storage.entered == 2)
        #expect(site.storage.mostInside == 1)
        #expect(try site.first4(site.machines[0]) == [0x11, 0x11, 0x11, 0x11])
        let events = try await site.f.container.events.list(action: "machine.reset", outcome: "success")
        #expect(events.total == 2)
    }

    @Test func theBoundOnResetsAtOnceHolds() async throws {
        let site = try await Self.site(machines: 3, resets: 3)
        defer { site.f.tearDown() }
        var settings = try await site.f.container.settings.get()
        settings.limits.resetsAtOnce = 1
        _ = try await site.f.container.settings.update(settings, by: .system)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for m in site.machines { group.addTask { _ = try await site.f.service.resetMachine(id: m.id, by: .system) } }
            try await group.waitForAll()
        }
        #expect(site.storage.entered == 3)
        #expect(site.storage.mostInside == 1)
        for m in site.machines { #expect(try site.first4(m) == [0x11, 0x11, 0x11, 0x11]) }
    }

    /// A reconcile called while a reset has the machine's target down waits for it: it finds the
    /// target back and changes nothing (it would re-create the target otherwise).
    @Test func aReconcileNeverSeesHalfAReset() async throws {
        let site = try await Self.site(machines: 1, resets: 2)  // 2: the reset waits for the reconcile to queue
        defer { site.f.tearDown() }
        let reset = Task { try await site.f.service.resetMachine(id: site.machines[0].id, by: .system) }
        while site.storage.entered == 0 { try await Task.sleep(for: .milliseconds(1)) }
        let report = try await site.f.service.reconcile()
        _ = try await reset.value
        #expect(report.isClean)
        #expect(try site.first4(site.machines[0]) == [0x11, 0x11, 0x11, 0x11])
    }

    /// A reset the driver refuses: the boot script is still served, the machine keeps its old disk
    /// and its target, and a failure event says why.
    @Test func aFailedResetServesTheOldDiskWithAFailureEvent() async throws {
        let site = try await Self.site(machines: 1, resets: 1, failing: true)
        defer { site.f.tearDown() }
        let m = site.machines[0]
        var settings = try await site.f.container.settings.get()
        settings.http.trustAnyBootClient = true  // the request comes from no LAN address
        _ = try await site.f.container.settings.update(settings, by: .system)
        let boot = BootService(services: site.f.container, firstLUN: 1, listenPort: 8050)
        let script = await boot.script(forMAC: m.mac)
        #expect(script.contains("sanboot") || script.contains("sanhook"))
        #expect(script.contains("\(prefix):pc1"))
        #expect(try site.first4(m) == [0xab, 0xab, 0xab, 0xab])
        let targets = try await site.targets.listTargets(prefix: prefix + ":")
        #expect(targets.map(\.iqn) == ["\(prefix):pc1"])
        let failures = try await site.f.container.events.list(action: "machine.reset", outcome: "failure")
        #expect(failures.total == 1)
        #expect(failures.items.first?.detail.contains("disk full") == true)
    }
}

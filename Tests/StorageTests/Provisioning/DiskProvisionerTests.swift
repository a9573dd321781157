import Domain
import Foundation
import Services
import Storage
import Testing

/// The provisioner and reconciler over a real SQLite database and real files (file driver), with
/// targets kept in memory (the tgt path, reset-on-boot included, is in the crash tier).
@Suite struct DiskProvisionerTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    @Test func aMachineWithAnIscsiItemGetsItsDiskAndTarget() async throws {
        let targets = MemoryTargetDriver()
        let f = try await ProvisioningFixture(targets: targets)
        defer { f.tearDown() }
        let (image, item) = try await f.imageWithVersion()
        #expect(image.currentVersion == 1 && image.versions.map(\.n) == [1])
        let m = try await f.machine(1, items: [item.id])
        let disk = DiskNames.machineDisk(machine: m.id, image: image.id)
        #expect(try f.files() == ["dl_img\(image.id)_v1.img", "dl_img\(image.id)_work.img", "\(disk).img"])
        #expect(try readBytes(f.path(disk), offset: 0, count: 4) == [0x11, 0x11, 0x11, 0x11])
        let listed = try await targets.listTargets(prefix: prefix)
        #expect(listed == [TargetState(iqn: "\(prefix):pc1", luns: [.init(number: 1, path: f.path(disk))],
                                       initiators: ["\(prefix):client.525400000001"])])
        // Converged: a second run has nothing to do.
        #expect(try await f.service.reconcile().isClean)

        // Deleting the machine removes its disk and target, not the image's volumes.
        _ = try await f.container.machines.delete(id: m.id, by: .system)
        #expect(try f.files() == ["dl_img\(image.id)_v1.img", "dl_img\(image.id)_work.img"])
        #expect(try await targets.listTargets(prefix: prefix).isEmpty)
    }

    @Test func reconcileRepairsMissingPartsAndRemovesOnlyOurOrphans() async throws {
        let targets = MemoryTargetDriver()
        let f = try await ProvisioningFixture(targets: targets)
        defer { f.tearDown() }
        let (image, item) = try await f.imageWithVersion()
        let m1 = try await f.machine(1, items: [item.id])
        let m2 = try await f.machine(2, items: [item.id])
        // Damage: m1's disk gone, m2's target gone, m1's target pointing elsewhere; plant orphans.
        try FileManager.default.removeItem(atPath: f.path(DiskNames.machineDisk(machine: m1.id, image: image.id)))
        try await targets.removeTarget(iqn: "\(prefix):pc2")
        targets.plant(TargetState(iqn: "\(prefix):pc1", luns: [.init(number: 1, path: "/elsewhere.img")], initiators: ["\(prefix):client.525400000001"]))
        targets.plant(TargetState(iqn: "\(prefix):ghost"))
        FileManager.default.createFile(atPath: f.path("dl_m99_img\(image.id)"), contents: Data([1]))
        FileManager.default.createFile(atPath: "\(f.root)/not-ours.img", contents: Data([1]))

        let report = try await f.service.reconcile()
        #expect(report.created == [DiskNames.machineDisk(machine: m1.id, image: image.id), "\(prefix):pc2"])
        #expect(report.repaired == ["\(prefix):pc1"])
        #expect(report.removed == ["\(prefix):ghost", "dl_m99_img\(image.id)"])
        #expect(report.errors.isEmpty)
        #expect(try f.files().contains("not-ours.img"))
        #expect(try await targets.listTargets(prefix: prefix).map(\.iqn) == ["\(prefix):pc1", "\(prefix):pc2"])
        #expect(try await f.service.reconcile().isClean)
        _ = m2
    }

    /// The portal is not in what the drivers list back (LIO's np/ is not compared, tgtd's is its
    /// command line): a new server address or port re-applies every target; other settings none.
    @Test func aNewPortalReappliesEveryTarget() async throws {
        let targets = MemoryTargetDriver()
        let f = try await ProvisioningFixture(targets: targets)
        defer { f.tearDown() }
        let (_, item) = try await f.imageWithVersion()
        _ = try await f.machine(1, items: [item.id])
        _ = try await f.machine(2, items: [item.id])
        let before = targets.log.count

        var s = try await f.container.settings.get()
        s.http.menuTimeoutSeconds += 1
        s = try await f.container.settings.update(s, by: .system)
        #expect(targets.log.count == before)

        s.iscsi.serverAddress = IPv4Address(10, 0, 0, 9)
        s = try await f.container.settings.update(s, by: .system)
        #expect(Array(targets.log.dropFirst(before)) == ["apply \(prefix):pc1", "apply \(prefix):pc2"])
        s.iscsi.portalPort = 3261
        _ = try await f.container.settings.update(s, by: .system)
        #expect(Array(targets.log.dropFirst(before + 2)) == ["apply \(prefix):pc1", "apply \(prefix):pc2"])
        #expect(try await f.service.reconcile().isClean)
    }

    /// The full reconcile (start-up, POST /reconcile) sweeps target leftovers; the runs after each
    /// change do not (they cannot have any: nothing else applies meanwhile).
    @Test func onlyTheFullReconcileSweepsTargetLeftovers() async throws {
        let targets = MemoryTargetDriver()
        let f = try await ProvisioningFixture(targets: targets)
        defer { f.tearDown() }
        let (_, item) = try await f.imageWithVersion()
        _ = try await f.machine(1, items: [item.id])
        #expect(!targets.log.contains { $0.hasPrefix("leftovers") })
        targets.plantLeftover("\(prefix):client.525400000009")
        let report = try await f.service.reconcile()
        #expect(report.removed == ["\(prefix):client.525400000009"])
        #expect(targets.log.last == "leftovers \(prefix):")
        #expect(try await f.service.reconcile().isClean)
    }

    @Test func bootEventResetsOnlyResetOnBootMachines() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let (image, item) = try await f.imageWithVersion()
        let fresh = try await f.machine(1, items: [item.id])
        let keeper = try await f.machine(2, items: [item.id], mode: "persistent")
        for m in [fresh, keeper] {
            try writeBytes(f.path(DiskNames.machineDisk(machine: m.id, image: image.id)), offset: 0, [0xab, 0xab, 0xab, 0xab])
            _ = try await f.container.machines.recordBootPhase(mac: m.mac, phase: .script)
        }
        #expect(try readBytes(f.path(DiskNames.machineDisk(machine: fresh.id, image: image.id)), offset: 0, count: 4) == [0x11, 0x11, 0x11, 0x11])
        #expect(try readBytes(f.path(DiskNames.machineDisk(machine: keeper.id, image: image.id)), offset: 0, count: 4) == [0xab, 0xab, 0xab, 0xab])
        #expect(f.service.lastResetDuration != nil)
        // A manual reset works for persistent machines too.
        _ = try await f.service.resetMachine(id: keeper.id, by: .system)
        #expect(try readBytes(f.path(DiskNames.machineDisk(machine: keeper.id, image: image.id)), offset: 0, count: 4) == [0x11, 0x11, 0x11, 0x11])
    }

    @Test func versionsCommitRollbackDiscardAndDelete() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let (image, item) = try await f.imageWithVersion()
        let m = try await f.machine(1, items: [item.id])
        let work = f.path(DiskNames.working(image: image.id))
        let disk = f.path(DiskNames.machineDisk(machine: m.id, image: image.id))

        try writeBytes(work, offset: 0, [0x22, 0x22])
        let v2 = try await f.versions.commit(imageID: image.id, note: "patched", by: .system)
        #expect(v2.currentVersion == 2 && v2.versions.map(\.note) == ["first", "patched"])
        _ = try await f.service.resetMachine(id: m.id, by: .system)
        #expect(try readBytes(disk, offset: 0, count: 2) == [0x22, 0x22])

        let back = try await f.versions.rollback(imageID: image.id, version: 1, by: .system)
        #expect(back.currentVersion == 1)
        _ = try await f.service.resetMachine(id: m.id, by: .system)
        #expect(try readBytes(disk, offset: 0, count: 2) == [0x11, 0x11])

        try writeBytes(work, offset: 0, [0x33, 0x33])
        _ = try await f.versions.discard(imageID: image.id, by: .system)
        #expect(try readBytes(work, offset: 0, count: 2) == [0x11, 0x11])

        await #expect(throws: ServiceError.self) { try await f.versions.deleteVersion(imageID: image.id, n: 1, by: .system) }
        try await f.versions.deleteVersion(imageID: image.id, n: 2, by: .system)
        #expect(!FileManager.default.fileExists(atPath: f.path(DiskNames.version(image: image.id, n: 2))))
        await #expect(throws: ServiceError.self) { try await f.versions.rollback(imageID: image.id, version: 2, by: .system) }
    }

    @Test func importFromAServerPathFillsTheWorkingCopy() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let image = try await f.container.images.create(ImageInput(name: "ubuntu", kind: "os", sizeMiB: 16), by: .system)
        let source = try f.importRoot() + "/source.raw"
        try (Data(repeating: 0x5a, count: 3 << 20) + Data(count: 1 << 20)).write(to: URL(fileURLWithPath: source))
        let job = try await f.versions.importImage(imageID: image.id, path: source, by: .system)
        let done = try await f.container.jobs.wait(id: job.id)
        #expect(done.state == .succeeded, "\(done.message)")
        #expect(done.bytesDone == 4 << 20)
        #expect(try readBytes(f.path(DiskNames.working(image: image.id)), offset: (3 << 20) - 2, count: 4) == [0x5a, 0x5a, 0, 0])
        #expect(try await f.container.images.get(id: image.id).state == .ready)

        let big = try f.importRoot() + "/big.raw"
        FileManager.default.createFile(atPath: big, contents: nil)
        try FileHandle(forWritingTo: URL(fileURLWithPath: big)).truncate(atOffset: 32 << 20)
        await #expect(throws: ServiceError.self) { try await f.versions.importImage(imageID: image.id, path: big, by: .system) }
        await #expect(throws: ServiceError.self) { try await f.versions.importImage(imageID: image.id, path: "/etc/../etc/passwd", by: .system) }
    }

    @Test func uploadStreamsIntoTheWorkingCopy() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let image = try await f.container.images.create(ImageInput(name: "data1", kind: "data", sizeMiB: 8), by: .system)
        let (job, feed) = try await f.versions.upload(imageID: image.id, contentLength: 3 << 16, by: .system)
        for b: UInt8 in [1, 2, 3] { try await feed.send(Array(repeating: b, count: 1 << 16)) }
        await feed.finish()
        let done = try await f.container.jobs.wait(id: job.id)
        #expect(done.state == .succeeded, "\(done.message)")
        #expect(try readBytes(f.path(DiskNames.working(image: image.id)), offset: (2 << 16) - 1, count: 2) == [2, 3])
    }

    @Test func aMachineOfAnImageWithoutVersionIsReportedNotProvisioned() async throws {
        let targets = MemoryTargetDriver()
        let f = try await ProvisioningFixture(targets: targets)
        defer { f.tearDown() }
        let image = try await f.container.images.create(ImageInput(name: "empty", kind: "os", sizeMiB: 8), by: .system)
        let item = try await f.container.bootItems.create(BootItemInput(name: "e", label: "e", kind: "iscsi", osImage: image.id), by: .system)
        _ = try await f.machine(1, items: [item.id])
        let report = try await f.service.reconcile()
        #expect(report.errors.contains { $0.contains("no version") })
        #expect(try await targets.listTargets(prefix: prefix).isEmpty)
    }
}

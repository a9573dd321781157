import Domain
import Foundation
import Services
import Storage
import Testing

/// After a reboot LVM leaves thin snapshots inactive (activation-skip flag) and LIO has forgotten
/// every target: the start-up reconcile must activate the disks it wants, then restore targets.
/// liblvm2cmd is replaced by the recording runner (this host's kernel has no device-mapper); the
/// guest tier proves the same on a real kernel (Tests/guest, step "as after a reboot").
@Suite struct LVMReactivationTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    @Test func listVolumesReportsInactiveSnapshotsAndActivationUsesK() async throws {
        let runner = RecordingLVMRunner(volumes: ["dl_img1_work": (64 << 20, "Vwi-a-tz--"), "dl_m1_img1": (64 << 20, "Vwi---tz-k")])
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "pool", runner: runner)
        #expect(try await d.listVolumes().map { "\($0.name) \($0.active)" } == ["dl_img1_work true", "dl_m1_img1 false"])
        try await d.activateVolume("dl_m1_img1")
        #expect(runner.changes == ["lvchange -ay -K vg0/dl_m1_img1"])
        #expect(try await d.listVolumes().allSatisfy(\.active))
        await #expect(throws: DriverError.self) { try await d.activateVolume("dl_m1 --all") }
        #expect(runner.changes.count == 1)
    }

    @Test func startUpReconcileActivatesWantedSnapshotsBeforeRestoringTargets() async throws {
        let (runner, targets, service, image, m) = try await provisionedMachine()
        let version = DiskNames.version(image: image.id, n: 1), disk = DiskNames.machineDisk(machine: m.id, image: image.id)
        #expect(runner.changes == [
            "lvcreate -V 64M -T vg0/pool -n \(DiskNames.working(image: image.id))",
            "lvcreate -s -n \(version) -pr vg0/\(DiskNames.working(image: image.id))",
            "lvchange -ay -K vg0/\(version)",
            "lvcreate -s -n \(disk) vg0/\(version)",
            "lvchange -ay -K vg0/\(disk)",
        ])

        // The reboot: snapshots inactive, LIO empty.
        runner.deactivateSnapshots()
        runner.clear()
        try await targets.removeTarget(iqn: "\(prefix):pc1")
        let report = try await service.reconcile()
        #expect(runner.changes == ["lvchange -ay -K vg0/\(version)", "lvchange -ay -K vg0/\(disk)"])
        #expect(report.repaired == [version, disk])
        #expect(report.created == ["\(prefix):pc1"])
        #expect(report.errors.isEmpty)
        #expect(try await targets.listTargets(prefix: prefix).first?.luns == [.init(number: 1, path: "/dev/vg0/\(disk)")])
        #expect(try await service.reconcile().isClean)
    }

    @Test func aDiskThatCannotBeActivatedGetsNoTargetAndIsReported() async throws {
        let (runner, targets, service, _, _) = try await provisionedMachine()
        runner.deactivateSnapshots()
        runner.refuseActivation = true
        try await targets.removeTarget(iqn: "\(prefix):pc1")
        let report = try await service.reconcile()
        #expect(report.errors.contains { $0.contains("lvchange -ay -K") })
        #expect(try await targets.listTargets(prefix: prefix).isEmpty)
    }

    /// A thin-pool LVM driver over the recording runner, image "win10" with version 1, and
    /// machine pc1 (reset-on-boot) booting it: its disk and target provisioned.
    private func provisionedMachine() async throws
        -> (RecordingLVMRunner, MemoryTargetDriver, DiskProvisioner, Image, Machine) {
        let runner = RecordingLVMRunner()
        let targets = MemoryTargetDriver()
        let core = try ServiceContainer.temporaryCore()
        let service = DiskProvisioner(core: core, storage: LVMStorageDriver(volumeGroup: "vg0", thinPool: "pool", runner: runner),
                                      targets: targets)
        let container = ServiceContainer(core: core, provisioner: service)
        let image = try await container.images.create(ImageInput(name: "win10", kind: "os", sizeMiB: 64), by: .system)
        _ = try await ImageVersionService(core: core, disks: service).commit(imageID: image.id, note: "first", by: .system)
        let item = try await container.bootItems.create(BootItemInput(name: "boot-win10", label: "win10", kind: "iscsi", osImage: image.id), by: .system)
        let machine = try await container.machines.create(MachineInput(name: "pc1", mac: "52:54:00:00:00:01", bootItems: [item.id],
                                                                       diskMode: "resetOnBoot"), by: .system)
        return (runner, targets, service, image, machine)
    }
}

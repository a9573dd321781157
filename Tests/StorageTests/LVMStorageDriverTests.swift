import Domain
import Foundation
import Testing
@testable import Storage

/// Exact liblvm2cmd command vectors of the LVM driver (golden arrays), thin and classic mode.
@Suite struct LVMStorageDriverTests {
    let report = "lvs --reportformat json --units b --nosuffix -o lv_name,lv_size,lv_attr,origin,data_percent,pool_lv vg0"

    @Test func thinModeCommands() async throws {
        let runner = RecordingLVMRunner()
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "pool", runner: runner)
        try await d.createVolume("dl_img1_work", sizeBytes: 64 << 20)
        try await d.cloneVolume("dl_img1_work", to: "dl_img1_v1", readOnly: true)
        try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false)
        try await d.resetVolume("dl_m1_img1", from: "dl_img1_v1")
        try await d.removeVolume("dl_m1_img1")
        try await d.removeVolume("dl_m1_img1")
        #expect(runner.changes == [
            "lvcreate -V 64M -T vg0/pool -n dl_img1_work",
            "lvcreate -s -n dl_img1_v1 -pr vg0/dl_img1_work",
            "lvchange -ay -K vg0/dl_img1_v1",
            "lvcreate -s -n dl_m1_img1 vg0/dl_img1_v1",
            "lvchange -ay -K vg0/dl_m1_img1",
            "lvremove -f vg0/dl_m1_img1",
            "lvcreate -s -n dl_m1_img1 vg0/dl_img1_v1",
            "lvchange -ay -K vg0/dl_m1_img1",
            "lvremove -f vg0/dl_m1_img1",
        ])
        #expect(runner.lines.first == report)
        #expect(d.backing(of: "dl_m1_img1") == .blockDevice(path: "/dev/vg0/dl_m1_img1"))
    }

    @Test func classicModeUsesThickSnapshotsWithTheCowSize() async throws {
        let runner = RecordingLVMRunner()
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "", snapshotSizeMiB: 2048, runner: runner)
        try await d.createVolume("dl_img1_work", sizeBytes: 64 << 20)
        try await d.cloneVolume("dl_img1_work", to: "dl_m1_img1", readOnly: false)
        #expect(runner.changes == [
            "lvcreate -L 64M -n dl_img1_work -y vg0",
            "lvcreate -s -n dl_m1_img1 -L 2048M vg0/dl_img1_work",
        ])
    }

    @Test func classicVersionsAreFullCopiesThatMachineDisksSnapshot() async throws {
        let runner = RecordingLVMRunner()
        let copier = RecordingCopier()
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "", snapshotSizeMiB: 32, runner: runner, copier: copier)
        try await d.createVolume("dl_img1_work", sizeBytes: 64 << 20)
        try await d.cloneVolume("dl_img1_work", to: "dl_img1_v1", readOnly: true)
        try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false)
        #expect(runner.changes == [
            "lvcreate -L 64M -n dl_img1_work -y vg0",
            "lvcreate -L 64M -n dl_img1_v1 -y vg0",
            "lvchange -pr vg0/dl_img1_v1",
            "lvcreate -s -n dl_m1_img1 -L 32M vg0/dl_img1_v1",
        ])
        #expect(copier.copies == ["/dev/vg0/dl_img1_work -> /dev/vg0/dl_img1_v1 (67108864 bytes)"])
        // A thick snapshot dies with its origin: the version is kept while a disk snapshots it.
        await #expect(throws: DriverError.self) { try await d.removeVolume("dl_img1_v1") }
        try await d.removeVolume("dl_m1_img1")
        try await d.removeVolume("dl_img1_v1")
        #expect(runner.changes.suffix(2) == ["lvremove -f vg0/dl_m1_img1", "lvremove -f vg0/dl_img1_v1"])
    }

    @Test func aFailedClassicCopyRemovesTheHalfMadeVersion() async throws {
        let runner = RecordingLVMRunner()
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "", runner: runner, copier: RecordingCopier(fails: true))
        try await d.createVolume("dl_img1_work", sizeBytes: 64 << 20)
        await #expect(throws: DriverError.self) { try await d.cloneVolume("dl_img1_work", to: "dl_img1_v1", readOnly: true) }
        #expect(runner.changes.suffix(2) == ["lvcreate -L 64M -n dl_img1_v1 -y vg0", "lvremove -f vg0/dl_img1_v1"])
    }

    @Test func resizeGrowsOnlyAndReportsParse() async throws {
        let runner = RecordingLVMRunner(volumes: ["dl_img1_work": (64 << 20, "Vwi-a-tz--"), "other": (1 << 30, "-wi-a-----")])
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "pool", runner: runner)
        let volumes = try await d.listVolumes()
        // Only our prefix; allocation from data_percent; permission from lv_attr.
        #expect(volumes == [VolumeInfo(name: "dl_img1_work", sizeBytes: 64 << 20, allocatedBytes: 32 << 20, readOnly: false)])
        try await d.resizeVolume("dl_img1_work", sizeBytes: 128 << 20)
        await #expect(throws: DriverError.self) { try await d.resizeVolume("dl_img1_work", sizeBytes: 32 << 20) }
        #expect(runner.changes == ["lvextend -L 128M vg0/dl_img1_work"])
        let status = try await d.status()
        #expect(status.totalBytes == 10 << 30 && status.freeBytes == (10 << 30) * 3 / 4 && status.instantClones)
    }

    @Test(arguments: ["dl_m1 --yes", "dl_a\"b", "-dl", "snapshot_x", "dl_img1_tmeta", "../dl", ""])
    func invalidNamesRunNoCommand(name: String) async throws {
        let runner = RecordingLVMRunner()
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "pool", runner: runner)
        await #expect(throws: DriverError.self) { try await d.createVolume(name, sizeBytes: 8 << 20) }
        await #expect(throws: DriverError.self) { try await d.cloneVolume("dl_img1_v1", to: name, readOnly: false) }
        #expect(runner.lines.isEmpty)
        #expect(d.backing(of: name) == .blockDevice(path: ""))
    }

    @Test func sizesMustBeWholeMebibytes() async throws {
        let d = LVMStorageDriver(volumeGroup: "vg0", thinPool: "pool", runner: RecordingLVMRunner())
        await #expect(throws: DriverError.self) { try await d.createVolume("dl_img1_work", sizeBytes: (8 << 20) + 512) }
    }

    @Test func theRealRunnerRefusesArgumentsThatWouldSplit() async throws {
        // lvm2_run splits its command line on white space itself: such an argument never reaches it.
        await #expect(throws: DriverError.self) { try await LiblvmCommandRunner().run(["lvs", "vg0 --all"]) }
    }
}

/// Records classic-mode copies instead of reading block devices (none exist on this host).
final class RecordingCopier: VolumeCopier, @unchecked Sendable {
    private let lock = NSLock()
    private var _copies: [String] = []
    let fails: Bool
    init(fails: Bool = false) { self.fails = fails }
    var copies: [String] { lock.withLock { _copies } }

    func copy(from source: String, to target: String, bytes: Int64) async throws {
        if fails { throw DriverError.commandFailed(command: "copy \(source)", status: 5, output: "read stopped at byte 0 of \(bytes)") }
        lock.withLock { _copies.append("\(source) -> \(target) (\(bytes) bytes)") }
    }
}

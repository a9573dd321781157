import Domain
import Foundation
import TestSupport
import Testing
@testable import Storage

/// Real part: the file driver on a loop-mounted XFS with reflink (needs root, mkfs.xfs and loop
/// devices). Proves clones share blocks and that a reset takes milliseconds.
@Suite(.serialized, .enabled(if: XFSMount.canRun, "needs root, mkfs.xfs and mount -o loop (XFS reflink test)")) struct FileStorageXFSTests {
    @Test func cloneIsInstantAndSharesBlocks() async throws {
        let mount = try await XFSMount.make()
        do {
            try await check(mount)
        } catch {
            await mount.tearDown()
            throw error
        }
        await mount.tearDown()
    }

    /// In place: the same inode gets the version's bytes (a backstore holding it open sees them);
    /// an interrupted in-place reset (its marker outlived its maker) is finished by the next listing.
    @Test func aResetInPlaceKeepsTheInodeAndAnInterruptedOneIsFinished() async throws {
        let mount = try await XFSMount.make()
        do {
            let d = FileStorageDriver(root: mount.path + "/disks")
            try await d.createVolume("dl_img1_v1", sizeBytes: 64 << 20)
            let version = mount.path + "/disks/dl_img1_v1.img", disk = mount.path + "/disks/dl_m1_img1.img"
            try writeBytes(version, offset: 1 << 20, Array(repeating: 0x11, count: 4096))
            try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false)
            try writeBytes(disk, offset: 1 << 20, Array(repeating: 0xab, count: 4096))
            let inode = try inodeNumber(disk)
            let r0 = ContinuousClock.now
            #expect(try await d.resetVolumeInPlace("dl_m1_img1", from: "dl_img1_v1"))
            print("xfs reflink: in-place reset of a 64 MiB disk in \(ContinuousClock.now - r0)")
            #expect(try inodeNumber(disk) == inode)
            #expect(try readBytes(disk, offset: 1 << 20, count: 4) == [0x11, 0x11, 0x11, 0x11])
            #expect(try hiddenEntries(mount.path + "/disks").isEmpty, "no marker left")

            // A reset cut short by a crash: half written disk, its marker from a dead process.
            try writeBytes(disk, offset: 1 << 20, Array(repeating: 0xcd, count: 4096))
            let marker = mount.path + "/disks/.reset-2147483646-dl_m1_img1"
            try Data("dl_img1_v1".utf8).write(to: URL(fileURLWithPath: marker))
            _ = try await d.listVolumes()
            #expect(try readBytes(disk, offset: 1 << 20, count: 4) == [0x11, 0x11, 0x11, 0x11])
            #expect(try inodeNumber(disk) == inode)
            #expect(try hiddenEntries(mount.path + "/disks").isEmpty, "the marker is dropped once finished")

            // Sizes that differ: not in place, nothing touched.
            try await d.resizeVolume("dl_m1_img1", sizeBytes: 128 << 20)
            try writeBytes(disk, offset: 1 << 20, Array(repeating: 0xcd, count: 4096))
            #expect(try await d.resetVolumeInPlace("dl_m1_img1", from: "dl_img1_v1") == false)
            #expect(try readBytes(disk, offset: 1 << 20, count: 4) == [0xcd, 0xcd, 0xcd, 0xcd])
        } catch {
            await mount.tearDown()
            throw error
        }
        await mount.tearDown()
    }

    private func check(_ mount: XFSMount) async throws {
        let d = FileStorageDriver(root: mount.path + "/disks")
        #expect(try await d.status().instantClones)
        try await d.createVolume("dl_img1_work", sizeBytes: 256 << 20)
        // Fill all 256 MiB with data so a copy would cost 256 MiB.
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: mount.path + "/disks/dl_img1_work.img"))
        let chunk = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        for _ in 0..<256 { try h.write(contentsOf: chunk) }
        try h.synchronize()
        try h.close()
        let before = try mount.usedBytes()
        let t0 = ContinuousClock.now
        try await d.cloneVolume("dl_img1_work", to: "dl_img1_v1", readOnly: true)
        try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false)
        try await d.cloneVolume("dl_img1_v1", to: "dl_m2_img1", readOnly: false)
        let cloneTime = ContinuousClock.now - t0
        let after = try mount.usedBytes()
        print("xfs reflink: 3 clones of 256 MiB in \(cloneTime); used before \(before >> 20) MiB, after \(after >> 20) MiB")
        // Three full copies would add 768 MiB; shared extents add only metadata.
        #expect(after - before < 16 << 20)
        #expect(try readBytes(mount.path + "/disks/dl_m2_img1.img", offset: 200 << 20, count: 64) == Array(chunk.prefix(64)))

        // A write to one machine disk is not seen by the version or the other machine.
        try writeBytes(mount.path + "/disks/dl_m1_img1.img", offset: 0, Array(repeating: 0xab, count: 4096))
        #expect(try readBytes(mount.path + "/disks/dl_img1_v1.img", offset: 0, count: 4) == Array(chunk.prefix(4)))
        #expect(try readBytes(mount.path + "/disks/dl_m2_img1.img", offset: 0, count: 4) == Array(chunk.prefix(4)))

        let r0 = ContinuousClock.now
        try await d.resetVolume("dl_m1_img1", from: "dl_img1_v1")
        let resetTime = ContinuousClock.now - r0
        print("xfs reflink: reset of a 256 MiB disk in \(resetTime)")
        #expect(try readBytes(mount.path + "/disks/dl_m1_img1.img", offset: 0, count: 4) == Array(chunk.prefix(4)))
    }
}

/// A 2 GiB sparse file formatted XFS with reflink=1, loop-mounted in a temp directory.
struct XFSMount {
    static var canRun: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/mkfs.xfs")
            && FileManager.default.fileExists(atPath: "/dev/loop-control")
    }

    let dir: String
    /// Where it is mounted: `<dir>/mnt`, or the directory given to `make(at:)`.
    let path: String

    private init(dir: String, path: String?) {
        self.dir = dir
        self.path = path ?? dir + "/mnt"
    }

    /// Makes and mounts the file system (at `mountPoint`, created if missing, or in its own
    /// directory); mkfs and mount run off the cooperative pool.
    static func make(at mountPoint: String? = nil) async throws -> XFSMount {
        let mount = XFSMount(dir: try makeTempDirectory("xfs"), path: mountPoint)
        try await mount.setUp()
        return mount
    }

    private func setUp() async throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let image = dir + "/xfs.img"
        FileManager.default.createFile(atPath: image, contents: nil)
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: image))
        try h.truncate(atOffset: 2 << 30)
        try h.close()
        _ = try await runTool(path: "/usr/sbin/mkfs.xfs", arguments: ["-q", "-m", "reflink=1", image])
        _ = try await runTool(path: "/usr/bin/mount", arguments: ["-o", "loop", image, path])
    }

    func usedBytes() throws -> Int64 {
        var v = statvfs()
        guard statvfs(path, &v) == 0 else { throw DriverError.invalid("statvfs \(path)") }
        return Int64(v.f_blocks - v.f_bfree) * Int64(v.f_frsize)
    }

    /// Unmounts and removes the directory; umount runs off the cooperative pool.
    func tearDown() async {
        let dir = self.dir
        _ = try? await runTool(path: "/usr/bin/umount", arguments: [path])
        await offPool { try? FileManager.default.removeItem(atPath: dir) }
    }
}

func inodeNumber(_ path: String) throws -> UInt64 {
    var st = stat()
    guard stat(path, &st) == 0 else { throw DriverError.invalid("stat \(path)") }
    return UInt64(st.st_ino)
}

/// Names starting with "." in `dir` (temp files, reset markers).
func hiddenEntries(_ dir: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix(".") }
}

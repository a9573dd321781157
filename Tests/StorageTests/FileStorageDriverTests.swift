import Domain
import Foundation
import TestSupport
import Testing
@testable import Storage

/// The file driver on whatever filesystem the temp directory is on (no reflink on most: this
/// exercises the sparse-copy fallback). Reflink itself is proven in FileStorageXFSTests.
@Suite struct FileStorageDriverTests {
    func withDriver(_ body: (FileStorageDriver, String) async throws -> Void) async throws {
        let dir = try makeTempDirectory("file")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try await body(FileStorageDriver(root: dir + "/disks"), dir + "/disks")
    }

    @Test func createIsSparseAndListed() async throws {
        try await withDriver { d, root in
            try await d.createVolume("dl_img1_work", sizeBytes: 64 << 20)
            let volumes = try await d.listVolumes()
            #expect(volumes.map(\.name) == ["dl_img1_work"])
            #expect(volumes[0].sizeBytes == 64 << 20)
            #expect((volumes[0].allocatedBytes ?? .max) < 1 << 20)
            #expect(d.backing(of: "dl_img1_work") == .file(path: "\(root)/dl_img1_work.img"))
            await #expect(throws: DriverError.alreadyExists("volume dl_img1_work")) {
                try await d.createVolume("dl_img1_work", sizeBytes: 64 << 20)
            }
        }
    }

    @Test func cloneCopiesContentAndVersionsAreReadOnly() async throws {
        try await withDriver { d, root in
            try await d.createVolume("dl_img1_work", sizeBytes: 64 << 20)
            try writeBytes("\(root)/dl_img1_work.img", offset: 32 << 20, Array(repeating: 0xab, count: 4096))
            try await d.cloneVolume("dl_img1_work", to: "dl_img1_v1", readOnly: true)
            try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false)
            #expect(try readBytes("\(root)/dl_m1_img1.img", offset: 32 << 20, count: 4096) == Array(repeating: 0xab, count: 4096))
            let byName = Dictionary(uniqueKeysWithValues: try await d.listVolumes().map { ($0.name, $0) })
            #expect(byName["dl_img1_v1"]?.readOnly == true)
            #expect(byName["dl_m1_img1"]?.readOnly == false)
            #expect(byName["dl_m1_img1"]?.sizeBytes == 64 << 20)
            // Holes stay holes (or are shared): far less than 64 MiB allocated.
            #expect((byName["dl_m1_img1"]?.allocatedBytes ?? .max) < 8 << 20)
            await #expect(throws: DriverError.self) { try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false) }
            await #expect(throws: DriverError.notFound("volume dl_img9_v1")) { try await d.cloneVolume("dl_img9_v1", to: "dl_m2_img9", readOnly: false) }
        }
    }

    @Test func resetBringsBackTheSourceContent() async throws {
        try await withDriver { d, root in
            try await d.createVolume("dl_img1_v1", sizeBytes: 16 << 20)
            try writeBytes("\(root)/dl_img1_v1.img", offset: 0, [1, 2, 3, 4])
            try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false)
            try writeBytes("\(root)/dl_m1_img1.img", offset: 0, [9, 9, 9, 9])
            try await d.resetVolume("dl_m1_img1", from: "dl_img1_v1")
            #expect(try readBytes("\(root)/dl_m1_img1.img", offset: 0, count: 4) == [1, 2, 3, 4])
            // No temp files left behind.
            #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["dl_img1_v1.img", "dl_m1_img1.img"])
        }
    }

    /// Without reflink (the temp directory's filesystem) an in-place reset declines and touches
    /// nothing; where reflink works it resets (FileStorageXFSTests proves that case on XFS).
    @Test func anInPlaceResetWithoutReflinkDeclinesAndTouchesNothing() async throws {
        try await withDriver { d, root in
            try await d.createVolume("dl_img1_v1", sizeBytes: 16 << 20)
            try writeBytes("\(root)/dl_img1_v1.img", offset: 0, [1, 2, 3, 4])
            try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false)
            try writeBytes("\(root)/dl_m1_img1.img", offset: 0, [9, 9, 9, 9])
            let done = try await d.resetVolumeInPlace("dl_m1_img1", from: "dl_img1_v1")
            #expect(try readBytes("\(root)/dl_m1_img1.img", offset: 0, count: 4) == (done ? [1, 2, 3, 4] : [9, 9, 9, 9]))
            if done { print("note: the temp directory's filesystem has reflink: the declining case is not exercised") }
            #expect(try await d.resetVolumeInPlace("dl_m2_img1", from: "dl_img1_v1") == false, "a missing volume is not reset in place")
            await #expect(throws: DriverError.notFound("volume dl_img9_v1")) { try await d.resetVolumeInPlace("dl_m1_img1", from: "dl_img9_v1") }
            #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["dl_img1_v1.img", "dl_m1_img1.img"])
        }
    }

    @Test func resizeGrowsAndRefusesToShrink() async throws {
        try await withDriver { d, _ in
            try await d.createVolume("dl_img1_work", sizeBytes: 16 << 20)
            try await d.resizeVolume("dl_img1_work", sizeBytes: 32 << 20)
            #expect(try await d.listVolumes().first?.sizeBytes == 32 << 20)
            await #expect(throws: DriverError.self) { try await d.resizeVolume("dl_img1_work", sizeBytes: 8 << 20) }
            await #expect(throws: DriverError.notFound("volume dl_img2_work")) { try await d.resizeVolume("dl_img2_work", sizeBytes: 8 << 20) }
        }
    }

    @Test func removeIsIdempotent() async throws {
        try await withDriver { d, _ in
            try await d.createVolume("dl_img1_work", sizeBytes: 8 << 20)
            try await d.removeVolume("dl_img1_work")
            try await d.removeVolume("dl_img1_work")
            #expect(try await d.listVolumes().isEmpty)
        }
    }

    @Test(arguments: ["../etc/passwd", "dl_x/y", "dl x", ".hidden", "dl_a\nb", "", "snapshot1", "dl_\u{0}"])
    func invalidNamesAreRefusedBeforeAnyPath(name: String) async throws {
        try await withDriver { d, root in
            await #expect(throws: DriverError.self) { try await d.createVolume(name, sizeBytes: 8 << 20) }
            await #expect(throws: DriverError.self) { try await d.removeVolume(name) }
            #expect(d.backing(of: name) == .file(path: ""))
            let left = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
            #expect(left.isEmpty)
        }
    }

    @Test func symlinksInTheRootAreNeverFollowed() async throws {
        try await withDriver { d, root in
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            let outside = root + "/../outside.img"
            FileManager.default.createFile(atPath: outside, contents: Data([7, 7, 7, 7]))
            try FileManager.default.createSymbolicLink(atPath: "\(root)/dl_img1_v1.img", withDestinationPath: outside)
            // Not listed as a volume, not cloned through, not resized through.
            #expect(try await d.listVolumes().isEmpty)
            await #expect(throws: DriverError.self) { try await d.cloneVolume("dl_img1_v1", to: "dl_m1_img1", readOnly: false) }
            await #expect(throws: DriverError.self) { try await d.resizeVolume("dl_img1_v1", sizeBytes: 1 << 30) }
            #expect(try readBytes(outside, offset: 0, count: 8) == [7, 7, 7, 7])
        }
    }

    @Test func statusReportsSpaceAndWhetherClonesAreInstant() async throws {
        try await withDriver { d, _ in
            let s = try await d.status()
            #expect(s.driver == "file")
            #expect(s.totalBytes > 0 && s.freeBytes > 0 && s.freeBytes <= s.totalBytes)
            // Without reflink the operator is told why clones are slow.
            #expect(s.instantClones || s.notes.contains { $0.contains("reflink") })
        }
    }

    /// A kill -9 in the middle of a clone leaves its temp file; the next run removes it at once
    /// (its maker is gone), while a live process's temp file is kept.
    @Test func aCrashedRunsTemporariesAreRemovedAndLiveOnesKept() async throws {
        try await withDriver { d, root in
            try await d.createVolume("dl_img1_work", sizeBytes: 1 << 20)
            let gone = try ChildDaemon(["/bin/true"])
            await gone.wait()
            let gonePID = gone.pid
            let leftover = "\(root)/.tmp-\(gonePID)-dl_m1_img1-7.img"
            let ours = d.temporaryPath(for: "dl_m2_img1")
            let unnamed = "\(root)/.tmp-dl_m3_img1-8.img"
            for p in [leftover, ours, unnamed] { #expect(FileManager.default.createFile(atPath: p, contents: Data([1]))) }
            #expect(try await d.listVolumes().map(\.name) == ["dl_img1_work"])
            let left = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
            #expect(left == [".tmp-dl_m3_img1-8.img", (ours as NSString).lastPathComponent, "dl_img1_work.img"].sorted())
        }
    }

    /// A killed maker that its parent has not reaped yet (a zombie) counts as gone too.
    @Test func aZombieMakersTemporariesAreRemoved() async throws {
        try await withDriver { d, root in
            try await d.createVolume("dl_img1_work", sizeBytes: 1 << 20)
            var pid: pid_t = 0
            let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/true"), nil]
            defer { argv.forEach { free($0) } }
            #expect(posix_spawn(&pid, "/bin/true", nil, nil, argv, nil) == 0)
            // Not reaped: wait until it has exited (a zombie), bounded.
            var zombie = false
            for _ in 0..<200 where !zombie {
                zombie = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8))?.contains(") Z ") == true
                if !zombie { try await Task.sleep(for: .milliseconds(5)) }
            }
            #expect(zombie)
            let leftover = "\(root)/.tmp-\(pid)-dl_m1_img1-7.img"
            #expect(FileManager.default.createFile(atPath: leftover, contents: Data([1])))
            _ = try await d.listVolumes()
            #expect(!FileManager.default.fileExists(atPath: leftover))
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
    }
}

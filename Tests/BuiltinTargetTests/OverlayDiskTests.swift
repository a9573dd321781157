@testable import BuiltinTarget
import Foundation
import Testing

/// Real files in a temporary directory: the base is never written, each overlay holds its own
/// machine's writes, a reset drops them, the map survives a reopen after a flush.
@Suite struct OverlayDiskTests {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "overlay-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var base = [UInt8](repeating: 0x5a, count: 1 << 20)
        base[0] = 0x01
        FileManager.default.createFile(atPath: dir + "/base.img", contents: Data(base))
    }

    func disk(_ name: String, cap: UInt64? = nil) throws -> OverlayDisk {
        try OverlayDisk(base: dir + "/base.img", overlay: dir + "/\(name).ovl", map: dir + "/\(name).map", capBytes: cap)
    }

    @Test func writesStayInTheirOwnOverlay() throws {
        let a = try disk("a"), b = try disk("b")
        try a.write(lba: 3, data: [UInt8](repeating: 0xab, count: 512), fua: false)
        #expect(try a.read(lba: 3, blocks: 1) == [UInt8](repeating: 0xab, count: 512))
        #expect(try b.read(lba: 3, blocks: 1) == [UInt8](repeating: 0x5a, count: 512))
        let base = try FileDisk(path: dir + "/base.img", readOnly: true)
        #expect(try base.read(lba: 3, blocks: 1) == [UInt8](repeating: 0x5a, count: 512))
        // The rest of the 4 KiB chunk was copied from the base, not zeroed.
        #expect(try a.read(lba: 0, blocks: 1)[0] == 0x01)
        #expect(try a.read(lba: 4, blocks: 1) == [UInt8](repeating: 0x5a, count: 512))
        #expect(a.overlayBytes == 4096)
    }

    @Test func aReadAcrossOverlayAndBaseChunksIsStitched() throws {
        let a = try disk("a")
        try a.write(lba: 8, data: [UInt8](repeating: 0xcd, count: 4096), fua: false)
        let span = try a.read(lba: 6, blocks: 12)
        #expect(span[0..<1024].allSatisfy { $0 == 0x5a })
        #expect(span[1024..<5120].allSatisfy { $0 == 0xcd })
        #expect(span[5120...].allSatisfy { $0 == 0x5a })
    }

    @Test func resetDropsEveryWrite() throws {
        let a = try disk("a")
        try a.write(lba: 100, data: [UInt8](repeating: 0xee, count: 8192), fua: true)
        try a.reset()
        #expect(try a.read(lba: 100, blocks: 16).allSatisfy { $0 == 0x5a })
        #expect(a.overlayBytes == 0)
    }

    @Test func flushedWritesSurviveAReopenAndUnflushedMapBitsDoNot() throws {
        do {
            let a = try disk("a")
            try a.write(lba: 16, data: [UInt8](repeating: 0x11, count: 512), fua: false)
            try a.flush()
            try a.write(lba: 64, data: [UInt8](repeating: 0x22, count: 512), fua: false)
        }
        let again = try disk("a")
        #expect(try again.read(lba: 16, blocks: 1) == [UInt8](repeating: 0x11, count: 512))
        #expect(try again.read(lba: 64, blocks: 1) == [UInt8](repeating: 0x5a, count: 512))
    }

    @Test func aFullOverlayAnswersNoSpaceAndKeepsItsMap() throws {
        let a = try disk("a", cap: 8192)
        try a.write(lba: 0, data: [UInt8](repeating: 1, count: 8192), fua: false)
        #expect(throws: DiskError.noSpace) { try a.write(lba: 64, data: [UInt8](repeating: 2, count: 512), fua: false) }
        #expect(try a.read(lba: 64, blocks: 1) == [UInt8](repeating: 0x5a, count: 512))
        // Rewriting chunks it already holds still works.
        try a.write(lba: 0, data: [UInt8](repeating: 3, count: 512), fua: false)
        #expect(a.overlayBytes == 8192)
    }

    @Test func unmapReturnsWholeChunksToTheBase() throws {
        let a = try disk("a")
        try a.write(lba: 0, data: [UInt8](repeating: 7, count: 16384), fua: false)
        try a.unmap(lba: 4, blocks: 24)   // bytes 2048..14336: chunks 1 and 2 are whole
        #expect(try a.read(lba: 8, blocks: 16).allSatisfy { $0 == 0x5a })
        #expect(try a.read(lba: 4, blocks: 1) == [UInt8](repeating: 7, count: 512))
        #expect(a.overlayBytes == 8192)
    }

    /// A reset writes no data and syncs nothing: the map is cut back to its header and the overlay
    /// emptied. A target restarted after it (a reopen, as after `kill -9`: same page cache) finds an
    /// empty overlay; writes flushed after the reset are found, the ones before it are not.
    @Test func aResetIsTwoTruncationsAndAReopenFindsTheOverlayEmpty() throws {
        do {
            let a = try disk("a")
            try a.write(lba: 0, data: [UInt8](repeating: 0x33, count: 65536), fua: true)
            try a.reset()
            var st = stat()
            #expect(stat(dir + "/a.map", &st) == 0 && st.st_size == 4096)
            #expect(stat(dir + "/a.ovl", &st) == 0 && st.st_blocks == 0 && st.st_size == 1 << 20)
        }
        do {
            let again = try disk("a")
            #expect(again.overlayBytes == 0)
            #expect(try again.read(lba: 0, blocks: 128).allSatisfy { $0 == 0x5a || $0 == 0x01 })
            try again.write(lba: 2000, data: [UInt8](repeating: 0x44, count: 512), fua: false)
            try again.flush()
        }
        let third = try disk("a")
        #expect(third.overlayBytes == 4096)
        #expect(try third.read(lba: 2000, blocks: 1) == [UInt8](repeating: 0x44, count: 512))
        #expect(try third.read(lba: 8, blocks: 1) == [UInt8](repeating: 0x5a, count: 512))
    }

    /// A map whose bitmap ends early (written after a reset) reads as zeros past its end; a map
    /// file with a wrong header is ignored (the overlay starts empty).
    @Test func aShortBitmapReadsAsEmptyPastItsEnd() throws {
        var header = OverlayMap(chunkSize: 4096, chunkCount: 256).header
        header += [0b0000_0100]   // chunk 2 only; the rest of the 32-byte bitmap is missing
        FileManager.default.createFile(atPath: dir + "/s.map", contents: Data(header))
        let fd = open(dir + "/s.map", O_RDWR)
        defer { close(fd) }
        let map = try #require(try OverlayMap.load(fd: fd, path: dir + "/s.map", chunkSize: 4096, chunkCount: 256))
        #expect(map.allocated == 1 && map.contains(2) && !map.contains(3) && !map.contains(255))
        #expect(try OverlayMap.load(fd: fd, path: dir + "/s.map", chunkSize: 512, chunkCount: 2048) == nil)
    }

    /// The event loop's read: what the page cache holds (files just written are there) comes back
    /// as `read` gives it, stitched across overlay and base chunks.
    @Test func aCachedReadEqualsTheReadItStandsFor() throws {
        let a = try disk("a")
        #expect(a.readIfCached(lba: 0, blocks: 16) == (try a.read(lba: 0, blocks: 16)))
        try a.write(lba: 8, data: [UInt8](repeating: 0xcd, count: 4096), fua: false)
        let cached = try #require(a.readIfCached(lba: 6, blocks: 12))
        #expect(cached == (try a.read(lba: 6, blocks: 12)))
        #expect(cached[1024..<5120].allSatisfy { $0 == 0xcd } && cached[0] == 0x5a)
        #expect(a.readIfCached(lba: 0, blocks: 0) == nil)
    }
}

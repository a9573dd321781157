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
}

import Domain
import Foundation
import Testing
@testable import Services

/// The writer behind imports and uploads: chunks of any size land at the right offsets, all-zero
/// blocks stay holes in a file, and content larger than the volume is refused.
@Suite struct ContentWriterTests {
    @Test func oddChunksLandInPlaceAndZeroBlocksStayHoles() throws {
        let dir = try makeTempDirectory("writer")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/dl_img1_work.img"
        let size = 8 << 20
        FileManager.default.createFile(atPath: path, contents: Data(repeating: 0xee, count: size))  // old content: dropped
        // 1 MiB of a counting pattern, 4 MiB of zeros, 1 MiB of 0x7f and a 3-byte tail.
        var content = [UInt8](repeating: 0, count: (6 << 20) + 3)
        for i in 0..<(1 << 20) { content[i] = UInt8(truncatingIfNeeded: i &* 31 &+ 1) }
        for i in (5 << 20)..<content.count { content[i] = 0x7f }
        let writer = try ContentWriter(backing: .file(path: path), sizeBytes: Int64(size))
        var offset = 0, n = 1
        while offset < content.count {  // chunk sizes 1, 7, 49, … straddle the 64 KiB blocks
            let end = min(content.count, offset + n)
            try writer.write(Data(content[offset..<end]))
            offset = end
            n = n >= 1 << 20 ? 1 : n * 7
        }
        try writer.finish()
        #expect(writer.written == Int64(content.count))

        let stored = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(stored.count == size)
        #expect(Array(stored.prefix(content.count)) == content)
        #expect(stored.dropFirst(content.count).allSatisfy { $0 == 0 })
        var st = stat()
        #expect(stat(path, &st) == 0)
        // The 4 MiB of zeros (and the rest after the content) are not allocated.
        #expect(Int(st.st_blocks) * 512 < 3 << 20, "allocated \(Int(st.st_blocks) * 512) bytes")
    }

    @Test func contentLargerThanTheVolumeIsRefused() throws {
        let dir = try makeTempDirectory("writer")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/dl_img1_work.img"
        FileManager.default.createFile(atPath: path, contents: nil)
        let writer = try ContentWriter(backing: .file(path: path), sizeBytes: 1 << 16)
        try writer.write([UInt8](repeating: 1, count: 1 << 16))
        #expect(throws: ServiceError.self) { try writer.write([UInt8(1)]) }
    }
}

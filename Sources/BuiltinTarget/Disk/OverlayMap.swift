#if canImport(Glibc)
import Glibc
#endif

/// The overlay's allocation map: one bit per chunk, set once the chunk's data lives in the
/// overlay file. On disk: a 4 KiB header, then the bitmap.
///
/// ```
///  0..7  "DLOVMAP1"   8..11 chunk size (LE u32)   12..19 chunk count (LE u64)   rest of 4 KiB: zero
///  4096..  bitmap, bit i of byte i/8 (LSB first) = chunk i is in the overlay
/// ```
/// The bitmap may end early: bytes past the file's end are zero (no chunk). A reset cuts the file
/// back to its header (`truncateToHeader`), one metadata operation whatever the disk's size.
/// Crash consistency: bits reach the file only after the overlay's data was made durable
/// (`OverlayDisk.flush`), so a bit on disk never points at data that was not written.
struct OverlayMap {
    static let magic = Array("DLOVMAP1".utf8)
    static let headerSize = 4096

    let chunkSize: Int
    let chunkCount: UInt64
    var bits: [UInt8]
    /// Bitmap byte range changed since the last `persist`.
    var dirty: Range<Int>?
    var allocated: UInt64

    init(chunkSize: Int, chunkCount: UInt64) {
        self.chunkSize = chunkSize
        self.chunkCount = chunkCount
        bits = [UInt8](repeating: 0, count: Int((chunkCount + 7) / 8))
        allocated = 0
    }

    func contains(_ chunk: UInt64) -> Bool { bits[Int(chunk / 8)] & (1 << UInt8(chunk % 8)) != 0 }

    mutating func set(_ chunk: UInt64) {
        let i = Int(chunk / 8)
        let mask: UInt8 = 1 << UInt8(chunk % 8)
        guard bits[i] & mask == 0 else { return }
        bits[i] |= mask
        allocated += 1
        markDirty(i)
    }

    mutating func clear(_ chunk: UInt64) {
        let i = Int(chunk / 8)
        let mask: UInt8 = 1 << UInt8(chunk % 8)
        guard bits[i] & mask != 0 else { return }
        bits[i] &= ~mask
        allocated -= 1
        markDirty(i)
    }

    mutating func markDirty(_ i: Int) {
        if let d = dirty { dirty = min(d.lowerBound, i)..<max(d.upperBound, i + 1) } else { dirty = i..<(i + 1) }
    }

    var header: [UInt8] {
        var h = [UInt8](repeating: 0, count: Self.headerSize)
        h.replaceSubrange(0..<8, with: Self.magic)
        for k in 0..<4 { h[8 + k] = UInt8(truncatingIfNeeded: chunkSize >> (8 * k)) }
        for k in 0..<8 { h[12 + k] = UInt8(truncatingIfNeeded: chunkCount >> (8 * UInt64(k))) }
        return h
    }

    /// Reads a map file; nil when it is missing, empty or from another geometry (start empty).
    /// A bitmap shorter than the chunk count (a reset map, bits written since) reads as zeros past its end.
    static func load(fd: Int32, path: String, chunkSize: Int, chunkCount: UInt64) throws(DiskError) -> OverlayMap? {
        let size = try FileIO.size(fd, path: path)
        var map = OverlayMap(chunkSize: chunkSize, chunkCount: chunkCount)
        guard size >= UInt64(headerSize) else { return nil }
        var header = [UInt8](repeating: 0, count: headerSize)
        try FileIO.read(fd, into: &header, at: 0, count: headerSize, offset: 0, path: path)
        guard header == map.header else { return nil }
        let stored = Int(min(size - UInt64(headerSize), UInt64(map.bits.count)))
        try FileIO.read(fd, into: &map.bits, at: 0, count: stored, offset: UInt64(headerSize), path: path)
        map.allocated = map.bits.reduce(0) { $0 + UInt64($1.nonzeroBitCount) }
        return map
    }

    /// Writes the header and the whole bitmap (a new or reset map).
    func writeAll(fd: Int32, path: String) throws(DiskError) {
        guard ftruncate(fd, 0) == 0 else { throw .io(path: path, errno: errno) }
        try FileIO.write(fd, header + bits, offset: 0, path: path)
        try FileIO.sync(fd, path: path)
    }

    /// Cuts the file back to its header: every chunk reads as not in the overlay. A metadata
    /// operation only (no data written, no sync): see `OverlayDisk.reset` for why that is enough.
    static func truncateToHeader(fd: Int32, path: String) throws(DiskError) {
        guard ftruncate(fd, off_t(headerSize)) == 0 else { throw .io(path: path, errno: errno) }
    }

    /// Writes the changed bitmap bytes and syncs them.
    mutating func persist(fd: Int32, path: String) throws(DiskError) {
        guard let range = dirty else { return }
        try FileIO.write(fd, Array(bits[range]), offset: UInt64(Self.headerSize + range.lowerBound), path: path)
        try FileIO.sync(fd, path: path)
        dirty = nil
    }
}

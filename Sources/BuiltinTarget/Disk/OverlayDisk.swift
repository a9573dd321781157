import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// A machine's disk as a read-only base (an image version, shared by every machine, so one page
/// cache serves them all) plus the machine's own overlay: a sparse file of the same size holding
/// the chunks it wrote, and a map saying which chunks those are. Reads of unwritten chunks go to
/// the base. A reset drops the overlay in O(1) (truncate + an empty map).
///
/// Writes are serialized per disk (a partial chunk is copied from the base first, and that copy
/// must not race another write); reads run in parallel. Durability: data is synced before the map
/// (`flush`), so after a crash every chunk the map names holds what was written.
public final class OverlayDisk: BlockDevice, @unchecked Sendable {   // mutable state behind `lock`
    public let basePath: String
    public let overlayPath: String
    public let mapPath: String
    public let blockSize = 512
    public let blockCount: UInt64
    public let readOnly = false
    public let supportsUnmap = true
    public let chunkSize: Int
    /// The most overlay bytes this disk may hold (a full overlay answers a space error), nil = no cap.
    public let capBytes: UInt64?
    let size: UInt64
    let base: Int32
    let overlay: Int32
    let mapFD: Int32
    let lock = NIOLock()
    var map: OverlayMap

    public init(base basePath: String, overlay overlayPath: String, map mapPath: String,
                chunkSize: Int = 4096, capBytes: UInt64? = nil) throws(DiskError) {
        precondition(chunkSize >= 512 && chunkSize % 512 == 0)
        self.basePath = basePath
        self.overlayPath = overlayPath
        self.mapPath = mapPath
        self.chunkSize = chunkSize
        self.capBytes = capBytes
        base = try FileIO.open(basePath, writable: false)
        var opened = [base]
        do throws(DiskError) {
            size = try FileDisk.deviceSize(base, path: basePath)
            blockCount = size / 512
            overlay = try FileIO.open(overlayPath, writable: true, create: true)
            opened.append(overlay)
            mapFD = try FileIO.open(mapPath, writable: true, create: true)
            opened.append(mapFD)
            let chunks = (size + UInt64(chunkSize) - 1) / UInt64(chunkSize)
            if let loaded = try OverlayMap.load(fd: mapFD, path: mapPath, chunkSize: chunkSize, chunkCount: chunks) {
                map = loaded
            } else {
                // No map (or another geometry): whatever the overlay holds is unknown, start empty.
                map = OverlayMap(chunkSize: chunkSize, chunkCount: chunks)
                guard ftruncate(overlay, 0) == 0 else { throw DiskError.io(path: overlayPath, errno: errno) }
                try map.writeAll(fd: mapFD, path: mapPath)
            }
            guard ftruncate(overlay, off_t(size)) == 0 else { throw DiskError.io(path: overlayPath, errno: errno) }
        } catch {
            for fd in opened { close(fd) }
            throw error
        }
    }

    deinit {
        close(base)
        close(overlay)
        close(mapFD)
    }

    /// Bytes the overlay holds (chunks written × chunk size).
    public var overlayBytes: UInt64 { lock.withLock { map.allocated * UInt64(chunkSize) } }

    public func read(lba: UInt64, blocks: Int) throws(DiskError) -> [UInt8] {
        let start = lba * 512
        let length = blocks * 512
        var buffer = [UInt8](repeating: 0, count: length)
        let first = start / UInt64(chunkSize)
        let last = (start + UInt64(length) - 1) / UInt64(chunkSize)
        let inOverlay: [Bool] = lock.withLock { (first...last).map { map.contains($0) } }
        // Runs of chunks with the same source, each one pread.
        var runStart = start
        var i = 0
        while runStart < start + UInt64(length) {
            let fromOverlay = inOverlay[i]
            var runEnd = min((first + UInt64(i) + 1) * UInt64(chunkSize), start + UInt64(length))
            while runEnd < start + UInt64(length), inOverlay[i + 1] == fromOverlay {
                i += 1
                runEnd = min((first + UInt64(i) + 1) * UInt64(chunkSize), start + UInt64(length))
            }
            try FileIO.read(fromOverlay ? overlay : base, into: &buffer, at: Int(runStart - start),
                            count: Int(runEnd - runStart), offset: runStart, path: fromOverlay ? overlayPath : basePath)
            runStart = runEnd
            i += 1
        }
        return buffer
    }

    public func write(lba: UInt64, data: [UInt8], fua: Bool) throws(DiskError) {
        let start = lba * 512
        let end = start + UInt64(data.count)
        guard data.count > 0 else { return }
        let chunk = UInt64(chunkSize)
        lock.lock()
        defer { lock.unlock() }
        do {
            let first = start / chunk, last = (end - 1) / chunk
            let fresh = (first...last).filter { !map.contains($0) }
            if let capBytes, (map.allocated + UInt64(fresh.count)) * chunk > capBytes { throw DiskError.noSpace }
            // A chunk entering the overlay but only partly written is first copied from the base.
            for c in Set([first, last]) where !map.contains(c) {
                let cStart = c * chunk, cEnd = min(cStart + chunk, size)
                guard start > cStart || end < cEnd else { continue }
                var copy = [UInt8](repeating: 0, count: Int(cEnd - cStart))
                try FileIO.read(base, into: &copy, at: 0, count: copy.count, offset: cStart, path: basePath)
                try FileIO.write(overlay, copy, offset: cStart, path: overlayPath)
            }
            try FileIO.write(overlay, data, offset: start, path: overlayPath)
            for c in fresh { map.set(c) }
            if fua { try flushLocked() }
        }
    }

    public func flush() throws(DiskError) {
        lock.lock()
        defer { lock.unlock() }
        try flushLocked()
    }

    func flushLocked() throws(DiskError) {
        try FileIO.sync(overlay, path: overlayPath)
        try map.persist(fd: mapFD, path: mapPath)
    }

    /// Whole chunks in the range go back to the base; partial chunks keep their data.
    public func unmap(lba: UInt64, blocks: Int) throws(DiskError) {
        let start = lba * 512, end = start + UInt64(blocks) * 512
        let chunk = UInt64(chunkSize)
        let first = (start + chunk - 1) / chunk, last = end / chunk   // [first, last) fully covered
        guard first < last else { return }
        lock.withLock {
            for c in first..<last { map.clear(c) }
        }
        _ = FileIO.punchHole(overlay, offset: first * chunk, length: (last - first) * chunk)
    }

    /// Drops every write: the disk reads as its base again.
    public func reset() throws(DiskError) {
        lock.lock()
        defer { lock.unlock() }
        // The empty map goes to disk (synced) before the overlay's data is dropped: a crash between
        // the two leaves stale chunks no map points at, never a map pointing at truncated zeros.
        map = OverlayMap(chunkSize: chunkSize, chunkCount: map.chunkCount)
        try map.writeAll(fd: mapFD, path: mapPath)
        guard ftruncate(overlay, 0) == 0, ftruncate(overlay, off_t(size)) == 0 else {
            throw DiskError.io(path: overlayPath, errno: errno)
        }
    }
}

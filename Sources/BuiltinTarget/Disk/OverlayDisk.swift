import Foundation
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#endif

/// A machine's disk as a read-only base (an image version, shared by every machine, so one page
/// cache serves them all) plus the machine's own overlay: a sparse file of the same size holding
/// the chunks it wrote, and a map saying which chunks those are. Reads of unwritten chunks go to
/// the base. A reset drops the overlay in O(1) (truncate + an empty map).
///
/// Writes are serialized per disk (`lock`: a partial chunk is copied from the base first, and that
/// copy must not race another write); reads run in parallel and take only `mapLock`, held for
/// lookups and bit changes, never across I/O — so a read never waits for a write's disk I/O
/// and can run on an event loop (`readIfCached`). Durability: data is synced before the map
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
    /// Serializes writes, flushes, unmaps and resets (an NSLock: `resetIfIdle` needs `try`).
    let lock = NSLock()
    /// Guards `map`; never held across I/O.
    let mapLock = NIOLock()
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
    public var overlayBytes: UInt64 { mapLock.withLock { map.allocated * UInt64(chunkSize) } }

    /// The byte range [start, start + length) cut into runs of chunks with the same source.
    func runs(start: UInt64, length: Int) -> [(fromOverlay: Bool, start: UInt64, end: UInt64)] {
        let chunk = UInt64(chunkSize), end = start + UInt64(length)
        let first = start / chunk, last = (end - 1) / chunk
        return mapLock.withLock {
            if map.allocated == 0 { return [(false, start, end)] }   // a fresh overlay: all from the base
            var runs: [(fromOverlay: Bool, start: UInt64, end: UInt64)] = []
            for c in first...last {
                let inOverlay = map.contains(c)
                let s = max(start, c * chunk), e = min(end, (c + 1) * chunk)
                if let lastRun = runs.last, lastRun.fromOverlay == inOverlay { runs[runs.count - 1].end = e } else { runs.append((inOverlay, s, e)) }
            }
            return runs
        }
    }

    public func read(lba: UInt64, blocks: Int) throws(DiskError) -> [UInt8] {
        let start = lba * 512, length = blocks * 512
        guard length > 0 else { return [] }
        let pieces = runs(start: start, length: length)
        var failure: DiskError?
        let buffer = [UInt8](unsafeUninitializedCapacity: length) { raw, initialized in
            for piece in pieces {
                let fd = piece.fromOverlay ? overlay : base
                do throws(DiskError) {
                    try FileIO.read(fd, into: raw.baseAddress! + Int(piece.start - start), count: Int(piece.end - piece.start),
                                    offset: piece.start, path: piece.fromOverlay ? overlayPath : basePath)
                } catch {
                    failure = error
                    break
                }
            }
            if failure != nil { raw.initialize(repeating: 0) }
            initialized = length
        }
        if let failure { throw failure }
        return buffer
    }

    /// `read` from the page cache only: one `preadv2(RWF_NOWAIT)` per run straight into the
    /// answer (a fresh overlay: one read of the base), nil as soon as a page is not cached.
    public func readIfCached(lba: UInt64, blocks: Int) -> [UInt8]? {
        let start = lba * 512, length = blocks * 512
        guard length > 0 else { return nil }
        let pieces = runs(start: start, length: length)
        var complete = true
        let buffer = [UInt8](unsafeUninitializedCapacity: length) { raw, initialized in
            for piece in pieces where complete {
                complete = CachedRead.fill(piece.fromOverlay ? overlay : base, into: raw.baseAddress! + Int(piece.start - start),
                                           count: Int(piece.end - piece.start), offset: piece.start)
            }
            initialized = complete ? length : 0
        }
        return complete ? buffer : nil
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
            // Only writes change bits, and `lock` keeps them one at a time: `fresh` stays true.
            let (fresh, allocated) = mapLock.withLock { ((first...last).filter { !map.contains($0) }, map.allocated) }
            if let capBytes, (allocated + UInt64(fresh.count)) * chunk > capBytes { throw DiskError.noSpace }
            // A chunk entering the overlay but only partly written is first copied from the base.
            for c in Set([first, last]) where fresh.contains(c) {
                let cStart = c * chunk, cEnd = min(cStart + chunk, size)
                guard start > cStart || end < cEnd else { continue }
                var copy = [UInt8](repeating: 0, count: Int(cEnd - cStart))
                try FileIO.read(base, into: &copy, at: 0, count: copy.count, offset: cStart, path: basePath)
                try FileIO.write(overlay, copy, offset: cStart, path: overlayPath)
            }
            try FileIO.write(overlay, data, offset: start, path: overlayPath)
            mapLock.withLock { for c in fresh { map.set(c) } }
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
        // The map's bits change only under `lock` (held here): a copy is current, and the
        // map's own I/O runs without `mapLock`.
        var snapshot = mapLock.withLock { map }
        guard snapshot.dirty != nil else { return }
        try snapshot.persist(fd: mapFD, path: mapPath)
        mapLock.withLock { map.dirty = nil }
    }

    /// Whole chunks in the range go back to the base; partial chunks keep their data.
    public func unmap(lba: UInt64, blocks: Int) throws(DiskError) {
        let start = lba * 512, end = start + UInt64(blocks) * 512
        let chunk = UInt64(chunkSize)
        let first = (start + chunk - 1) / chunk, last = end / chunk   // [first, last) fully covered
        guard first < last else { return }
        lock.lock()
        mapLock.withLock { for c in first..<last { map.clear(c) } }
        lock.unlock()
        _ = FileIO.punchHole(overlay, offset: first * chunk, length: (last - first) * chunk)
    }

    /// Drops every write: the disk reads as its base again. Two truncations and no sync:
    /// - the map file is cut back to its header first, then the overlay is emptied. Both are
    ///   metadata operations, and a journaling filesystem (XFS, ext4) commits them in that order,
    ///   so after a power loss the disk holds the old map and old overlay (the reset undone), the
    ///   empty map over the old overlay (stale chunks nothing names), or both empty — never a map
    ///   naming chunks the truncation zeroed;
    /// - a `kill -9` of the target keeps the kernel's page cache: the restarted target sees both;
    /// - the first SYNCHRONIZE CACHE or FUA write after the reset (`fdatasync` forces the journal)
    ///   makes the reset durable with the data, so an initiator is never told a write is durable
    ///   over a reset that is not. docs/storage.md has the whole argument.
    public func reset() throws(DiskError) {
        lock.lock()
        defer { lock.unlock() }
        try resetLocked()
    }

    /// `reset`, unless a write, flush or unmap holds the disk right now (false: nothing done), so
    /// a control connection's event loop never waits behind another command's disk I/O.
    public func resetIfIdle() throws(DiskError) -> Bool {
        guard lock.try() else { return false }
        defer { lock.unlock() }
        try resetLocked()
        return true
    }

    func resetLocked() throws(DiskError) {
        mapLock.withLock { map = OverlayMap(chunkSize: chunkSize, chunkCount: map.chunkCount) }
        try OverlayMap.truncateToHeader(fd: mapFD, path: mapPath)
        guard ftruncate(overlay, 0) == 0, ftruncate(overlay, off_t(size)) == 0 else {
            throw DiskError.io(path: overlayPath, errno: errno)
        }
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// A LUN backed by one file or block device, used as it is: an image's working copy for a super
/// workstation, or a volume the storage driver made. UNMAP punches holes where the file system can.
public final class FileDisk: BlockDevice, @unchecked Sendable {   // immutable after init; pread/pwrite are thread-safe
    public let path: String
    public let blockSize = 512
    public let blockCount: UInt64
    public let readOnly: Bool
    public var supportsUnmap: Bool { !readOnly }
    let fd: Int32

    public init(path: String, readOnly: Bool) throws(DiskError) {
        self.path = path
        self.readOnly = readOnly
        fd = try FileIO.open(path, writable: !readOnly)
        do throws(DiskError) {
            blockCount = try Self.deviceSize(fd, path: path) / 512
        } catch {
            close(fd)
            throw error
        }
    }

    deinit { close(fd) }

    static func deviceSize(_ fd: Int32, path: String) throws(DiskError) -> UInt64 {
        let size = try FileIO.size(fd, path: path)
        if size > 0 { return size }
        // A block device reports size 0 in stat: seek to its end.
        let end = lseek(fd, 0, SEEK_END)
        return end > 0 ? UInt64(end) : 0
    }

    public func read(lba: UInt64, blocks: Int) throws(DiskError) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: blocks * blockSize)
        try FileIO.read(fd, into: &buffer, at: 0, count: buffer.count, offset: lba * UInt64(blockSize), path: path)
        return buffer
    }

    public func readIfCached(lba: UInt64, blocks: Int) -> [UInt8]? {
        var complete = false
        let buffer = [UInt8](unsafeUninitializedCapacity: blocks * blockSize) { raw, initialized in
            complete = CachedRead.fill(fd, into: raw.baseAddress!, count: raw.count, offset: lba * UInt64(blockSize))
            initialized = complete ? raw.count : 0
        }
        return complete ? buffer : nil
    }

    public func write(lba: UInt64, data: [UInt8], fua: Bool) throws(DiskError) {
        guard !readOnly else { throw .readOnly }
        try FileIO.write(fd, data, offset: lba * UInt64(blockSize), path: path)
        if fua { try FileIO.sync(fd, path: path) }
    }

    public func flush() throws(DiskError) {
        guard !readOnly else { return }
        try FileIO.sync(fd, path: path)
    }

    public func unmap(lba: UInt64, blocks: Int) throws(DiskError) {
        guard !readOnly else { throw .readOnly }
        _ = FileIO.punchHole(fd, offset: lba * UInt64(blockSize), length: UInt64(blocks * blockSize))
    }
}

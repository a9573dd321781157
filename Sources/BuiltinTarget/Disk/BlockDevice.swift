/// A LUN's storage as the SCSI layer sees it: fixed-size blocks, read and written from a thread
/// of the I/O pool (the calls block; never call them on an event loop).
public protocol BlockDevice: AnyObject, Sendable {
    var blockSize: Int { get }
    var blockCount: UInt64 { get }
    var readOnly: Bool { get }
    /// Whether UNMAP / WRITE SAME with UNMAP can drop blocks (the Logical Block Provisioning VPD says so).
    var supportsUnmap: Bool { get }

    func read(lba: UInt64, blocks: Int) throws(DiskError) -> [UInt8]
    /// The blocks if the page cache holds them all, without waiting for the disk (callable on an
    /// event loop); nil when a read would block or fail (then `read` from the I/O pool).
    func readIfCached(lba: UInt64, blocks: Int) -> [UInt8]?
    /// Writes whole blocks; `fua` makes them durable before returning.
    func write(lba: UInt64, data: [UInt8], fua: Bool) throws(DiskError)
    /// Makes every completed write durable (SYNCHRONIZE CACHE).
    func flush() throws(DiskError)
    /// Drops blocks: they read as the base (or zeros) afterwards.
    func unmap(lba: UInt64, blocks: Int) throws(DiskError)
}

extension BlockDevice {
    public func readIfCached(lba: UInt64, blocks: Int) -> [UInt8]? { nil }
}

public enum DiskError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The overlay (or its filesystem) is full: a space allocation failure for this LUN only.
    case noSpace
    case io(path: String, errno: Int32)
    case readOnly

    public var description: String {
        switch self {
        case .noSpace: "no space left for this disk's writes"
        case .io(let path, let errno): "i/o error on \(path): errno \(errno)"
        case .readOnly: "the disk is read-only"
        }
    }
}

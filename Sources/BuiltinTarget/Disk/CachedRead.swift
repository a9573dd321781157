#if canImport(Glibc)
import Glibc
#endif

/// Reads that never wait for the disk: `preadv2(..., RWF_NOWAIT)` copies what the page cache
/// holds and answers EAGAIN (or a short count) when a page would have to be read first. The
/// connection's event loop serves such reads itself, skipping the hop to the I/O thread pool
/// and back, and leaves the rest to the pool.
enum CachedRead {
    typealias PReadV2 = @convention(c) (Int32, UnsafePointer<iovec>?, Int32, Int, Int32) -> Int
    // Swift's Glibc hides preadv2 (a GNU extension), as it hides fallocate.
    static let preadv2: PReadV2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "preadv2")
        .map { unsafeBitCast($0, to: PReadV2.self) }
    static let nowait: Int32 = 0x08   // RWF_NOWAIT

    /// Fills `count` bytes at `into` from `offset` if the page cache holds them all; false
    /// otherwise (nothing useful was read, or the kernel or filesystem cannot say).
    static func fill(_ fd: Int32, into: UnsafeMutableRawPointer, count: Int, offset: UInt64) -> Bool {
        guard let preadv2 else { return false }
        var iov = iovec(iov_base: into, iov_len: count)
        return preadv2(fd, &iov, 1, Int(offset), nowait) == count
    }
}

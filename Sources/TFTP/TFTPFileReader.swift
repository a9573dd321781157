import Glibc
import NIOConcurrencyHelpers
import NIOCore

/// An open file read block range by block range with `pread`, so a 256 MiB image is never held
/// in memory: each read is at most one window (windowsize × blksize bytes).
///
/// Reads run on a thread pool while the transfer's event loop keeps going; the lock keeps a read
/// and `close()` from racing (a read on a closed descriptor could hit a reused fd number).
public final class TFTPFileReader: Sendable {
    private let descriptor: NIOLockedValueBox<CInt?>
    /// Size in bytes when the file was opened.
    public let size: UInt64

    init(descriptor: CInt, size: UInt64) {
        self.descriptor = NIOLockedValueBox(descriptor)
        self.size = size
    }

    /// Reads `length` bytes at `offset` (fewer at the end of the file).
    public func read(offset: UInt64, length: Int, allocator: ByteBufferAllocator) throws(TFTPError) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: length)
        let result: Result<Void, TFTPError> = descriptor.withLockedValue { fd in
            guard let fd else { return .failure(.io("tftp file is closed")) }
            var done = 0
            while done < length {
                var n = 0
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length - done) { raw in
                    n = pread(fd, raw.baseAddress, length - done, off_t(offset) + off_t(done))
                    return max(n, 0)
                }
                if n < 0 {
                    if errno == EINTR { continue }
                    return .failure(.io("tftp read at offset \(offset) failed: errno \(errno)"))
                }
                if n == 0 { break }  // end of file (it shrank while being served)
                done += n
            }
            return .success(())
        }
        try result.get()
        return buffer
    }

    /// Closes the file; later reads fail.
    public func close() {
        descriptor.withLockedValue { fd in
            if let open = fd { _ = Glibc.close(open) }
            fd = nil
        }
    }

    deinit { close() }
}

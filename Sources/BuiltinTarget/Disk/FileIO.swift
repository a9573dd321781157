#if canImport(Glibc)
import Glibc
#endif

/// Whole-buffer pread/pwrite on a descriptor, retrying short transfers and EINTR.
enum FileIO {
    static func open(_ path: String, writable: Bool, create: Bool = false) throws(DiskError) -> Int32 {
        var flags = (writable ? O_RDWR : O_RDONLY) | O_CLOEXEC
        if create { flags |= O_CREAT }
        let fd = Glibc.open(path, flags, 0o600)
        guard fd >= 0 else { throw .io(path: path, errno: errno) }
        return fd
    }

    static func size(_ fd: Int32, path: String) throws(DiskError) -> UInt64 {
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw .io(path: path, errno: errno) }
        return UInt64(st.st_size)
    }

    static func read(_ fd: Int32, into buffer: inout [UInt8], at bufferOffset: Int, count: Int, offset: UInt64, path: String) throws(DiskError) {
        var failure: DiskError?
        buffer.withUnsafeMutableBytes { raw in
            do throws(DiskError) { try read(fd, into: raw.baseAddress! + bufferOffset, count: count, offset: offset, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Reads `count` bytes at `offset` into `into`; past the end of a shorter file, zeros.
    static func read(_ fd: Int32, into: UnsafeMutableRawPointer, count: Int, offset: UInt64, path: String) throws(DiskError) {
        var done = 0
        while done < count {
            let n = pread(fd, into + done, count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw .io(path: path, errno: errno)
            }
            if n == 0 {
                (into + done).initializeMemory(as: UInt8.self, repeating: 0, count: count - done)
                return
            }
            done += n
        }
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, offset: UInt64, path: String) throws(DiskError) {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOSPC || errno == EDQUOT { throw .noSpace }
                throw .io(path: path, errno: errno)
            }
            done += n
        }
    }

    static func sync(_ fd: Int32, path: String) throws(DiskError) {
        guard fdatasync(fd) == 0 else { throw .io(path: path, errno: errno) }
    }

    static func write(_ fd: Int32, _ bytes: [UInt8], offset: UInt64, path: String) throws(DiskError) {
        var failure: DiskError?
        bytes.withUnsafeBytes { raw in
            do throws(DiskError) { try write(fd, raw, offset: offset, path: path) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Frees the byte range (reads as zeros afterwards); false where the filesystem cannot.
    static func punchHole(_ fd: Int32, offset: UInt64, length: UInt64) -> Bool {
        // FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE. Swift's Glibc hides fallocate (a GNU extension).
        guard let fallocate else { return false }
        return fallocate(fd, 0x02 | 0x01, Int(offset), Int(length)) == 0
    }

    typealias Fallocate = @convention(c) (Int32, Int32, Int, Int) -> Int32
    static let fallocate: Fallocate? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "fallocate")
        .map { unsafeBitCast($0, to: Fallocate.self) }
}

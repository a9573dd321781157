import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The few POSIX calls the file driver needs, with errors as `DriverError`.
enum Posix {
    /// `FICLONE` = `_IOW(0x94, 9, int)`: share all of the source's extents with the destination.
    static let ficlone: UInt = 0x4004_9409
    static let seekData: Int32 = 3
    static let seekHole: Int32 = 4

    static func failure(_ op: String, _ path: String) -> DriverError {
        let code = errno
        return DriverError.commandFailed(command: "\(op) \(path)", status: code, output: String(cString: strerror(code)))
    }

    static func check(_ rc: Int32, _ op: String, _ path: String) throws {
        if rc != 0 { throw failure(op, path) }
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// A new file that must not exist yet, never through a symlink; owner-only (0600): disks hold
    /// whole filesystems.
    static func create(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create", path) }
        return fd
    }

    /// Renames and makes the rename durable (fsync of the directory).
    static func rename(_ from: String, _ to: String, directory: String) throws {
        try check(Glibc.rename(from, to), "rename", to)
        let dfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
    }

    /// FICLONE; false when the filesystem cannot (EOPNOTSUPP, EXDEV, EINVAL, ENOTTY).
    static func reflink(from src: Int32, to dst: Int32) -> Bool {
        ioctl(dst, ficlone, src) == 0
    }

    /// Copies only the data ranges of `src` (SEEK_DATA / SEEK_HOLE), leaving holes as holes.
    static func sparseCopy(from src: Int32, to dst: Int32, path: String) throws {
        var st = stat()
        try check(fstat(src, &st), "fstat", path)
        let size = off_t(st.st_size)
        try check(ftruncate(dst, size), "ftruncate", path)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while offset < size {
            let data = lseek(src, offset, seekData)
            if data < 0 { break }  // ENXIO: only a hole is left
            var end = lseek(src, data, seekHole)
            if end < 0 { end = size }
            var pos = data
            while pos < end {
                let want = Int(min(off_t(buffer.count), end - pos))
                let got = buffer.withUnsafeMutableBytes { pread(src, $0.baseAddress, want, pos) }
                guard got > 0 else { throw failure("pread", path) }
                var done = 0
                while done < got {
                    let w = buffer.withUnsafeBytes { pwrite(dst, $0.baseAddress! + done, got - done, pos + off_t(done)) }
                    guard w > 0 else { throw failure("pwrite", path) }
                    done += w
                }
                pos += off_t(got)
            }
            offset = end
        }
    }

    /// Whether FICLONE works in `directory` (two tiny temp files, removed again).
    static func probeReflink(in directory: String) -> Bool {
        let a = "\(directory)/.tmp-probe-\(UInt32.random(in: 0...UInt32.max))"
        let b = a + "-clone"
        defer { unlink(a); unlink(b) }
        guard let fa = try? create(a) else { return false }
        defer { close(fa) }
        var byte: UInt8 = 1
        guard pwrite(fa, &byte, 1, 0) == 1, let fb = try? create(b) else { return false }
        defer { close(fb) }
        return reflink(from: fa, to: fb)
    }

    /// Removes the leftovers of a crash: temp files whose maker (the pid in their name, see
    /// `FileStorageDriver.temporaryPath`) is gone, and any temp file older than ten minutes (a
    /// reused pid, or a name without one). A live process's temp files are never touched, so a
    /// second process on the same root cannot pull a file from under a running clone.
    static func removeStaleTemporaries(in directory: String) {
        let now = time(nil)
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where entry.hasPrefix(".tmp-") {
            var st = stat()
            let p = "\(directory)/\(entry)"
            guard lstat(p, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            if now - st.st_mtim.tv_sec > 600 || makerIsGone(marker: entry, prefix: ".tmp-") { unlink(p) }
        }
    }

    /// Whether the pid in `<prefix><pid>-…` (`.tmp-`, `.reset-`) names no running process (false
    /// when there is no pid).
    static func makerIsGone(marker entry: String, prefix: String) -> Bool {
        let tail = entry.dropFirst(prefix.count)
        guard let dash = tail.firstIndex(of: "-"), let pid = Int32(tail[..<dash]), pid > 0 else { return false }
        if pid == getpid() { return false }
        // kill(pid, 0) probes without sending: ESRCH means no such process (EPERM: alive, not ours).
        if kill(pid, 0) != 0 { return errno == ESRCH }
        // A zombie (killed, its parent has not reaped it yet) writes nothing any more.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let name = stat.lastIndex(of: ")") else { return false }
        return stat[name...].dropFirst().drop(while: { $0 == " " }).first == "Z"
    }
}

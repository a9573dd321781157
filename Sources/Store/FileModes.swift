import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Owner-only modes for the data at rest: the data directory 0700, the database files 0600,
/// whatever the umask. Existing files made by older versions are narrowed too.
public enum FileModes {
    /// Creates `path` (and parents) as 0700 when missing; narrows an existing one to 0700.
    public static func ownerOnly(directory path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw StoreError.database("cannot create data directory \(path): \(error.localizedDescription)")
        }
        try narrow(path, to: 0o700)
    }

    /// Narrows the file at `path` to 0600; with `create`, makes it (empty, 0600) when missing.
    public static func ownerOnly(file path: String, create: Bool) throws {
        if create {
            let fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { throw StoreError.database("cannot create \(path): \(String(cString: strerror(errno)))") }
            close(fd)
        }
        try narrow(path, to: 0o600)
    }

    /// chmod when group or others have any bit (a missing path is left alone; symlinks are not followed).
    private static func narrow(_ path: String, to mode: mode_t) throws {
        var st = stat()
        guard lstat(path, &st) == 0, st.st_mode & S_IFMT != S_IFLNK, st.st_mode & 0o077 != 0 else { return }
        guard chmod(path, mode) == 0 else {
            throw StoreError.database("cannot chmod \(String(mode, radix: 8)) \(path): \(String(cString: strerror(errno)))")
        }
    }
}

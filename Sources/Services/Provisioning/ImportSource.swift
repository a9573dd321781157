import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A server file an operator may import, opened: a regular file inside one of the import roots
/// (`settings.storage.importRoots`, default `<data-dir>/import`), or a block device inside one of
/// the device roots an admin allowed (`importDeviceRoots`). Symlinks are resolved (`realpath`)
/// and the final path must still be inside a root; the file is opened with `O_NOFOLLOW` and
/// checked again through the descriptor (same inode, same type, `/proc/self/fd` inside a root),
/// so swapping the file after the check does not lead out either.
final class ImportSource: @unchecked Sendable {
    let path: String
    let size: Int64
    let isBlockDevice: Bool
    let handle: FileHandle

    private init(path: String, size: Int64, isBlockDevice: Bool, fd: Int32) {
        self.path = path
        self.size = size
        self.isBlockDevice = isBlockDevice
        handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    /// Opens `requested` (already validated as an absolute path without `..`).
    /// - Throws: `.forbidden` (403) outside the roots or for a device without a device root,
    ///   `.invalid("path")` (422) for a missing file or one that is neither a file nor a disk.
    static func open(_ requested: String, roots: [String], deviceRoots: [String]) throws -> ImportSource {
        // Paths are shown whole (an error must name the file), control characters escaped.
        let shown = Validate.shown(requested, max: 4096)
        let fileRoots = roots.compactMap(resolved)
        let diskRoots = deviceRoots.compactMap(resolved)
        let named = "import roots: \(roots.joined(separator: ", "))"
        guard let real = resolved(requested) else {
            throw ServiceError.invalid("path", "\(shown) does not exist on the server (\(named))")
        }
        var st = stat()
        guard lstat(real, &st) == 0 else { throw ServiceError.invalid("path", "\(shown) cannot be read: \(lastError)") }
        let kind = st.st_mode & S_IFMT
        switch kind {
        case S_IFREG:
            guard inside(real, fileRoots + diskRoots) else {
                if inside(requested, roots + deviceRoots) {
                    throw ServiceError.forbidden("\(shown) is a symlink to \(Validate.shown(real, max: 4096)), outside the \(named)")
                }
                throw ServiceError.forbidden("\(shown) is outside the \(named): copy the file there, or an admin adds its directory to settings.storage.importRoots")
            }
        case S_IFBLK:
            guard !deviceRoots.isEmpty else {
                throw ServiceError.forbidden("\(shown) is a block device: device imports are off (an admin allows a device root in settings.storage.importDeviceRoots)")
            }
            // LVM names are symlinks to /dev/dm-N: the name must be inside a device root, the
            // device it leads to inside a root or /dev.
            guard inside(requested, deviceRoots) || inside(real, diskRoots),
                  inside(real, diskRoots + ["/dev"]) else {
                throw ServiceError.forbidden("\(shown) is outside the device import roots: \(deviceRoots.joined(separator: ", "))")
            }
        default:
            throw ServiceError.invalid("path", "\(shown) is not a regular file or a block device")
        }
        // O_NONBLOCK: a FIFO swapped in after the check must not hang the open.
        let fd = Glibc.open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ServiceError.invalid("path", "\(shown) cannot be opened: \(lastError)") }
        var opened = stat()
        let viaFD = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) ?? real
        guard fstat(fd, &opened) == 0, opened.st_ino == st.st_ino, opened.st_dev == st.st_dev,
              opened.st_mode & S_IFMT == kind, kind == S_IFBLK || inside(viaFD, fileRoots + diskRoots) else {
            close(fd)
            throw ServiceError.forbidden("\(shown) changed while it was opened: refused")
        }
        _ = fcntl(fd, F_SETFL, 0)
        let size = kind == S_IFBLK ? Int64(lseek(fd, 0, SEEK_END)) : Int64(opened.st_size)
        if kind == S_IFBLK { lseek(fd, 0, SEEK_SET) }
        return ImportSource(path: real, size: max(0, size), isBlockDevice: kind == S_IFBLK, fd: fd)
    }

    /// The import roots of `settings`, the default one (`<dataDir>/import`) when none is set.
    static func roots(_ settings: StorageSettings, dataDir: String) -> [String] {
        settings.importRoots.isEmpty ? [defaultRoot(dataDir: dataDir)] : settings.importRoots
    }

    static func defaultRoot(dataDir: String) -> String { (dataDir as NSString).appendingPathComponent("import") }

    /// `realpath`, nil when the path does not exist.
    static func resolved(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Whether `path` is one of `roots` or below one (whole components: `/srv/img2` is not in `/srv/img`).
    static func inside(_ path: String, _ roots: [String]) -> Bool {
        roots.contains { root in
            let r = root.hasSuffix("/") ? String(root.dropLast()) : root
            return path == r || path.hasPrefix(r + "/")
        }
    }

    private static var lastError: String { String(cString: strerror(errno)) }
}

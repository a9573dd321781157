import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Low-level configfs operations under one root. configfs is not a normal filesystem: a directory
/// made with `mkdir` is a kernel object whose attribute files appear by themselves, attributes are
/// written in place with one `write` (rename is not supported, so no temp file here), symlinks
/// between groups make LUN mappings, and `rmdir` removes an object with its attributes once its
/// symlinks and child groups are gone. The same code also works on a plain directory standing in for
/// configfs (unit tests): there attribute files are created by the write, and `removeGroup` deletes
/// the leftover plain files that the kernel would have dropped by itself.
struct ConfigFS: Sendable {
    let root: String

    func path(_ components: [String]) -> String {
        ([root] + components).joined(separator: "/")
    }

    func exists(_ components: [String]) -> Bool {
        var st = stat()
        return lstat(path(components), &st) == 0
    }

    /// mkdir -p; an existing directory (or a kernel default group) is fine.
    func makeGroup(_ components: [String]) throws {
        var current = root
        for c in components {
            current += "/" + c
            if mkdir(current, 0o755) != 0 && errno != EEXIST {
                throw failure("mkdir", current)
            }
        }
    }

    func write(_ value: String, to components: [String]) throws {
        let p = path(components)
        let fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw failure("open", p) }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw failure("write \(String(reflecting: value)) to", p) }
    }

    func read(_ components: [String]) -> String? {
        guard let data = FileManager.default.contents(atPath: path(components)) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: " \n\t\0")
    }

    /// Symlink `components` → the group at `to`.
    func link(_ components: [String], to target: [String]) throws {
        let p = path(components)
        if symlink(path(target), p) != 0 && errno != EEXIST { throw failure("symlink", p) }
    }

    /// The absolute path a link points to. The kernel's configfs answers readlink with a path
    /// relative to the link ("../../../../../../target/core/iblock_0/x", proven in the guest tier),
    /// so a relative answer is resolved against the link's directory and re-rooted at `root`.
    func readLink(_ components: [String]) -> String? {
        let link = path(components)
        guard let raw = try? FileManager.default.destinationOfSymbolicLink(atPath: link) else { return nil }
        if raw.hasPrefix("/") { return raw }
        let resolved = ((link as NSString).deletingLastPathComponent as NSString).appendingPathComponent(raw)
        let standardized = (resolved as NSString).standardizingPath
        // `..` may climb above configfs' mount point and come back under another spelling of it.
        if let r = standardized.range(of: "/target/core/"), let base = root.range(of: "/target", options: .backwards),
           root[base.upperBound...].isEmpty {
            return root + "/core/" + standardized[r.upperBound...]
        }
        return standardized
    }

    func unlinkIfPresent(_ components: [String]) throws {
        let p = path(components)
        if unlink(p) != 0 && errno != ENOENT { throw failure("unlink", p) }
    }

    /// Names in a directory (sorted); empty when it is missing.
    func children(_ components: [String]) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: path(components))) ?? []).sorted()
    }

    func isSymlink(_ components: [String]) -> Bool {
        var st = stat()
        return lstat(path(components), &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK
    }

    /// rmdir; a missing group is fine. On a stand-in tree leftover plain files and directories are
    /// removed first; a leftover symlink is an error (the caller must unlink mappings first).
    func removeGroup(_ components: [String]) throws {
        let p = path(components)
        if rmdir(p) == 0 || errno == ENOENT { return }
        guard errno == ENOTEMPTY || errno == EEXIST else { throw failure("rmdir", p) }
        for child in children(components) {
            let c = components + [child]
            if isSymlink(c) { throw DriverError.commandFailed(command: "rmdir \(p)", status: ENOTEMPTY, output: "still linked: \(child)") }
            var st = stat()
            if lstat(path(c), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                try removeGroup(c)
            } else if unlink(path(c)) != 0 {
                throw failure("unlink", path(c))
            }
        }
        if rmdir(p) != 0 && errno != ENOENT { throw failure("rmdir", p) }
    }

    private func failure(_ op: String, _ p: String) -> DriverError {
        let code = errno
        return DriverError.commandFailed(command: "\(op) \(p)", status: code, output: String(cString: strerror(code)))
    }
}

import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileStorageDriver {
    public func cloneVolume(_ source: String, to target: String, readOnly: Bool) async throws {
        let src = try path(of: source)
        let dst = try path(of: target)
        guard !Posix.exists(dst) else { throw DriverError.alreadyExists("volume \(target)") }
        try cloneIntoPlace(src: src, source: source, final: dst, readOnly: readOnly)
    }

    /// Reset-on-boot the general way: clone into a temp file, then rename it over the old disk.
    ///
    /// The rename is atomic, so a crash leaves either the old or the new disk, never a half-cloned
    /// one, and it works the same for the sparse-copy fallback. The cost is that a tgt/LIO
    /// backstore still attached keeps the old (now unlinked) inode open and would go on serving the
    /// old bytes; the provisioner therefore removes the machine's target before this reset and
    /// re-applies it after. With reflink, `resetVolumeInPlace` needs no detach.
    public func resetVolume(_ target: String, from source: String) async throws {
        let src = try path(of: source)
        let dst = try path(of: target)
        try cloneIntoPlace(src: src, source: source, final: dst, readOnly: false)
        dropResetMarkers(of: target)
    }

    /// Clones `src` into a temp file and renames it to `final`.
    func cloneIntoPlace(src: String, source: String, final: String, readOnly: Bool) throws {
        try ensureRoot()
        let sfd = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard sfd >= 0 else { throw errno == ENOENT ? DriverError.notFound("volume \(source)") : Posix.failure("open", src) }
        defer { close(sfd) }
        let temp = temporaryPath(for: URL(fileURLWithPath: final).deletingPathExtension().lastPathComponent)
        let dfd = try Posix.create(temp)
        defer { close(dfd) }
        do {
            if !Posix.reflink(from: sfd, to: dfd) {
                try Posix.sparseCopy(from: sfd, to: dfd, path: temp)
            }
            if readOnly { try Posix.check(fchmod(dfd, 0o400), "fchmod", temp) }
            try Posix.check(fsync(dfd), "fsync", temp)
            try Posix.rename(temp, final, directory: root)
        } catch {
            unlink(temp)
            throw error
        }
    }

    public func status() async throws -> StorageStatus {
        try ensureRoot()
        var vfs = statvfs()
        try Posix.check(statvfs(root, &vfs), "statvfs", root)
        let block = Int64(vfs.f_frsize)
        let instant = Posix.probeReflink(in: root)
        var notes: [String] = []
        if !instant {
            notes.append("the filesystem of \(root) has no reflink (use XFS with reflink=1 or btrfs): clones and resets are full sparse copies, slow for big images")
        }
        return StorageStatus(driver: "file", totalBytes: Int64(vfs.f_blocks) * block, freeBytes: Int64(vfs.f_bavail) * block,
                             instantClones: instant, notes: notes)
    }
}

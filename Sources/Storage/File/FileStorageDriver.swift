import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Volumes as sparse raw files `<root>/<name>.img`. Clones and versions are reflink copies (FICLONE)
/// on XFS and btrfs: instant and sharing blocks like thin snapshots. Where the filesystem has no
/// reflink, clones fall back to a sparse copy (only data ranges are copied) and `status()` says so.
///
/// Every name is checked (`Validate.lvmName` and `Validate.fileName`) before a path is built; names
/// have no '/', and files are opened with `O_NOFOLLOW`, so a symlink planted in the root is never
/// followed out of it. Files appear under their final name only when complete (temp + rename).
public struct FileStorageDriver: StorageDriver {
    public let kind = StorageDriverKind.file
    /// The directory holding the image files (absolute).
    public let root: String

    public init(root: String) {
        var r = root
        while r.count > 1 && r.hasSuffix("/") { r.removeLast() }
        self.root = r
    }

    /// The path of a validated volume name.
    func path(of name: String) throws -> String {
        "\(root)/\(try Self.checked(name)).img"
    }

    static func checked(_ name: String) throws -> String {
        do {
            _ = try Validate.lvmName(name, field: "volume")
            return try Validate.fileName(name, field: "volume")
        } catch let error as ValidationError {
            throw DriverError.invalid("\(error)")
        }
    }

    /// A fresh temp path in the root for building `name` (hidden: never listed as a volume). The
    /// pid in it tells a crashed run's leftover from work in flight (`removeStaleTemporaries`).
    func temporaryPath(for name: String) -> String {
        "\(root)/.tmp-\(getpid())-\(name)-\(UInt32.random(in: 0...UInt32.max)).img"
    }

    func ensureRoot() throws {
        guard root.hasPrefix("/") else { throw DriverError.invalid("file root \(String(reflecting: root)) must be an absolute path") }
        do {
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw DriverError.unavailable("cannot create file root \(root): \(error.localizedDescription)")
        }
    }

    public func backing(of name: String) -> VolumeBacking {
        // An invalid name yields an empty path, which every target driver refuses.
        .file(path: (try? path(of: name)) ?? "")
    }

    public func listVolumes() async throws -> [VolumeInfo] {
        try ensureRoot()
        Posix.removeStaleTemporaries(in: root)
        finishInterruptedResets()
        var volumes: [VolumeInfo] = []
        for entry in try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        where entry.hasPrefix(DiskNames.prefix) && entry.hasSuffix(".img") {
            let name = String(entry.dropLast(4))
            guard (try? Self.checked(name)) != nil else { continue }
            var st = stat()
            // lstat: a symlink named like a volume is not ours and is never followed.
            guard lstat("\(root)/\(entry)", &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { continue }
            // Disks of older versions were 0644/0444: owner-only now (keeping read-only read-only).
            if st.st_mode & 0o077 != 0 { chmod("\(root)/\(entry)", st.st_mode & 0o700) }
            volumes.append(VolumeInfo(name: name, sizeBytes: Int64(st.st_size), allocatedBytes: Int64(st.st_blocks) * 512,
                                      readOnly: st.st_mode & 0o222 == 0))
        }
        return volumes
    }

    public func createVolume(_ name: String, sizeBytes: Int64) async throws {
        let final = try path(of: name)
        try Self.checkSize(sizeBytes)
        try ensureRoot()
        guard !Posix.exists(final) else { throw DriverError.alreadyExists("volume \(name)") }
        let temp = temporaryPath(for: name)
        let fd = try Posix.create(temp)
        defer { close(fd) }
        do {
            try Posix.check(ftruncate(fd, off_t(sizeBytes)), "ftruncate", temp)
            try Posix.check(fsync(fd), "fsync", temp)
            try Posix.rename(temp, final, directory: root)
        } catch {
            unlink(temp)
            throw error
        }
    }

    public func resizeVolume(_ name: String, sizeBytes: Int64) async throws {
        let p = try path(of: name)
        try Self.checkSize(sizeBytes)
        let fd = open(p, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw errno == ENOENT ? DriverError.notFound("volume \(name)") : Posix.failure("open", p) }
        defer { close(fd) }
        var st = stat()
        try Posix.check(fstat(fd, &st), "fstat", p)
        guard sizeBytes >= Int64(st.st_size) else {
            throw DriverError.invalid("volume \(name) is \(st.st_size) bytes: shrinking to \(sizeBytes) is refused")
        }
        try Posix.check(ftruncate(fd, off_t(sizeBytes)), "ftruncate", p)
        try Posix.check(fsync(fd), "fsync", p)
    }

    public func removeVolume(_ name: String) async throws {
        let p = try path(of: name)
        if unlink(p) != 0 && errno != ENOENT { throw Posix.failure("unlink", p) }
    }

    static func checkSize(_ size: Int64) throws {
        guard size > 0, size % 512 == 0 else {
            throw DriverError.invalid("volume size \(size) must be a positive multiple of 512 bytes")
        }
    }
}

import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension FileStorageDriver {
    /// Reset-on-boot without a new inode: FICLONE of the version onto the machine's own file. XFS
    /// and btrfs swap the file's extents for the version's shared ones under the inode's locks and
    /// drop the page cache of the range, so a target that keeps the file open (tgt `rdwr`) reads
    /// the fresh bytes at once with no tgtadm call. Only with reflink and equal sizes; otherwise
    /// false and nothing touched (the caller takes the rename way, target detached).
    ///
    /// A crash in the middle can leave a mix of old and new extents. The marker
    /// `.reset-<pid>-<volume>` (holding the source's name) exists for the whole clone, and the next
    /// listing (`finishInterruptedResets`) clones again over any volume whose marker outlived its
    /// reset. XFS logs the marker's creation before the clone's transactions, so after a power
    /// loss too a half-cloned disk has its marker.
    public func resetVolumeInPlace(_ target: String, from source: String) async throws -> Bool {
        let src = try path(of: source)
        let dst = try path(of: target)
        try ensureRoot()
        let marker = "\(root)/\(Self.resetMarker(pid: getpid(), volume: try Self.checked(target)))"
        // FICLONE and fsync block for a millisecond or more: off the cooperative pool.
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(with: Result {
                    try Self.cloneInPlace(src: src, source: source, dst: dst, marker: marker)
                })
            }
        }
    }

    /// `.reset-<pid>-<volume>`: hidden (never listed as a volume), and the pid tells a crashed
    /// reset from one in flight.
    static func resetMarker(pid: pid_t, volume: String) -> String { ".reset-\(pid)-\(volume)" }

    /// Opens both files, checks they can be cloned onto each other, and clones under the marker.
    static func cloneInPlace(src: String, source: String, dst: String, marker: String) throws -> Bool {
        let sfd = open(src, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard sfd >= 0 else { throw errno == ENOENT ? DriverError.notFound("volume \(source)") : Posix.failure("open", src) }
        defer { close(sfd) }
        let dfd = open(dst, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
        guard dfd >= 0 else { return false }  // missing (or not ours to open): the rename way makes it
        defer { close(dfd) }
        var sourceStat = stat(), diskStat = stat()
        try Posix.check(fstat(sfd, &sourceStat), "fstat", src)
        try Posix.check(fstat(dfd, &diskStat), "fstat", dst)
        guard sourceStat.st_mode & S_IFMT == S_IFREG, diskStat.st_mode & S_IFMT == S_IFREG,
              sourceStat.st_size == diskStat.st_size else { return false }

        inFlight.insert(marker)
        defer { inFlight.remove(marker) }
        let mfd = open(marker, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard mfd >= 0 else { throw Posix.failure("create", marker) }
        let written = Array(source.utf8).withUnsafeBytes { write(mfd, $0.baseAddress, $0.count) }
        close(mfd)
        guard written == source.utf8.count else { unlink(marker); throw Posix.failure("write", marker) }

        if ioctl(dfd, Posix.ficlone, sfd) != 0 {
            let code = errno
            // Refused before any extent moved (no reflink here, another filesystem, alignment).
            if [EOPNOTSUPP, EXDEV, EINVAL, ENOTTY, EBADF].contains(code) {
                unlink(marker)
                return false
            }
            errno = code
            throw Posix.failure("FICLONE", dst)  // the marker stays: the content is unknown
        }
        try Posix.check(fsync(dfd), "fsync", dst)
        unlink(marker)
        return true
    }

    /// Markers of in-place resets running in this process (a listing must not redo them).
    static let inFlight = InFlightMarkers()

    /// Clones again over every volume whose in-place reset did not end (its maker died, or it
    /// failed and no rename replaced the volume since), then drops the marker. A marker whose
    /// volume or source is gone is dropped; a clone that fails again leaves it for the next listing.
    func finishInterruptedResets() {
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] where entry.hasPrefix(".reset-") {
            let marker = "\(root)/\(entry)"
            guard !Self.inFlight.contains(marker) else { continue }
            let rest = entry.dropFirst(".reset-".count)
            guard let dash = rest.firstIndex(of: "-"),
                  let volume = try? Self.checked(String(rest[rest.index(after: dash)...])),
                  let data = FileManager.default.contents(atPath: marker),
                  let source = String(data: data, encoding: .utf8).flatMap({ try? Self.checked($0) }),
                  let src = try? path(of: source), let dst = try? path(of: volume),
                  Posix.exists(src), Posix.exists(dst) else {
                unlink(marker)
                continue
            }
            // The maker is alive and this is not its in-flight reset only when it is another
            // process on the same root: leave that one alone.
            let pid = Int32(rest[..<dash]) ?? 0
            guard pid == getpid() || Posix.makerIsGone(marker: entry, prefix: ".reset-") else { continue }
            _ = try? Self.cloneInPlace(src: src, source: source, dst: dst, marker: marker)
        }
    }

    /// After a rename replaced `volume` whole, the marker of an in-place reset of it that failed
    /// or was cut short is void (redoing it could clone an older version over the new disk).
    func dropResetMarkers(of volume: String) {
        guard let name = try? Self.checked(volume) else { return }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        where entry.hasPrefix(".reset-") && entry.hasSuffix("-\(name)") {
            let pid = entry.dropFirst(".reset-".count).dropLast(name.count + 1)
            if !pid.isEmpty, pid.allSatisfy(\.isNumber) { unlink("\(root)/\(entry)") }
        }
    }
}

/// A set of paths behind a lock.
final class InFlightMarkers: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: Set<String> = []

    func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
    func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }
    func contains(_ path: String) -> Bool { lock.withLock { paths.contains(path) } }
}

import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes raw disk content into a volume's backing file or block device from offset 0. On a file,
/// the old content is dropped first (truncate to 0 and back to size) and all-zero blocks are
/// skipped, so the file stays sparse; on a block device every block is written.
final class ContentWriter: @unchecked Sendable {
    let path: String
    let limit: Int64
    private let fd: Int32
    private let sparse: Bool
    private(set) var written: Int64 = 0
    private var pending: [UInt8] = []
    static let block = 1 << 16

    init(backing: VolumeBacking, sizeBytes: Int64) throws {
        path = backing.path
        limit = sizeBytes
        switch backing {
        case .file(let p):
            fd = open(p, O_WRONLY | O_NOFOLLOW | O_CLOEXEC)
            sparse = true
        case .blockDevice(let p):
            fd = open(p, O_WRONLY | O_CLOEXEC)
            sparse = false
        }
        guard fd >= 0 else { throw ServiceError.unavailable("cannot open \(path) for writing: \(String(cString: strerror(errno)))") }
        if sparse {
            guard ftruncate(fd, 0) == 0, ftruncate(fd, off_t(sizeBytes)) == 0 else {
                let code = errno
                close(fd)
                let why = "cannot truncate \(path): \(String(cString: strerror(code)))"
                // An image larger than the filesystem allows is the image's size in conflict with
                // this host, not a broken part.
                if code == EFBIG || code == ENOSPC { throw ServiceError.conflict(.storageFull, why) }
                throw ServiceError.unavailable(why)
            }
        }
    }

    deinit { close(fd) }

    /// Appends bytes; fails when the content would be larger than the volume.
    func write(_ bytes: some Collection<UInt8>) throws {
        guard written + Int64(pending.count) + Int64(bytes.count) <= limit else {
            throw ServiceError.invalid("content", "the content is larger than the image (\(limit) bytes): grow the image first")
        }
        // Work on the caller's bytes in place (Data and arrays are contiguous): a copy, or shifting
        // a buffer per block, made imports of large images crawl.
        let done: Void? = try bytes.withContiguousStorageIfAvailable { try append(UnsafeRawBufferPointer($0)) }
        if done == nil { try Array(bytes).withUnsafeBytes { try append($0) } }
    }

    /// Writes what is left and syncs.
    func finish() throws {
        if !pending.isEmpty { try pending.withUnsafeBytes { try flush($0) } }
        pending = []
        guard fsync(fd) == 0 else { throw ServiceError.unavailable("fsync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Writes whole blocks straight from `input`; a partial block waits in `pending`.
    private func append(_ input: UnsafeRawBufferPointer) throws {
        var rest = input[...]
        if !pending.isEmpty {
            let take = min(Self.block - pending.count, rest.count)
            pending.append(contentsOf: rest.prefix(take))
            rest = rest.dropFirst(take)
            guard pending.count == Self.block else { return }
            try pending.withUnsafeBytes { try flush($0) }
            pending.removeAll(keepingCapacity: true)
        }
        while rest.count >= Self.block {
            try flush(UnsafeRawBufferPointer(rebasing: rest.prefix(Self.block)))
            rest = rest.dropFirst(Self.block)
        }
        pending.append(contentsOf: rest)
    }

    private static let zeros = [UInt8](repeating: 0, count: block)

    private func flush(_ chunk: UnsafeRawBufferPointer) throws {
        guard let base = chunk.baseAddress, !chunk.isEmpty else { return }
        defer { written += Int64(chunk.count) }
        // An all-zero block stays a hole (memcmp: a byte loop is slow in debug builds).
        if sparse && Self.zeros.withUnsafeBytes({ memcmp($0.baseAddress!, base, chunk.count) == 0 }) { return }
        var done = 0
        while done < chunk.count {
            let n = pwrite(fd, base + done, chunk.count - done, off_t(written) + off_t(done))
            guard n > 0 else { throw ServiceError.unavailable("write \(path): \(String(cString: strerror(errno)))") }
            done += n
        }
    }
}

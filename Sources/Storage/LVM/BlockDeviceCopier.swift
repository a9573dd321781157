import Domain
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Copies the first `bytes` of one block device onto another (classic LVM versions are full
/// copies: LVM cannot snapshot a thick snapshot). Tests inject a recorder.
public protocol VolumeCopier: Sendable {
    func copy(from source: String, to target: String, bytes: Int64) async throws
}

/// The real copier: plain reads and writes of 1 MiB, then `fsync`, on a detached task so a long
/// copy does not hold a cooperative thread.
public struct BlockDeviceCopier: VolumeCopier {
    public init() {}

    public func copy(from source: String, to target: String, bytes: Int64) async throws {
        try await Task.detached { try Self.copyNow(from: source, to: target, bytes: bytes) }.value
    }

    static func copyNow(from source: String, to target: String, bytes: Int64) throws {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw DriverError.notFound("volume device \(source) (errno \(errno))") }
        defer { close(input) }
        let output = open(target, O_WRONLY | O_CLOEXEC)
        guard output >= 0 else { throw DriverError.notFound("volume device \(target) (errno \(errno))") }
        defer { close(output) }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 4096)
        defer { buffer.deallocate() }
        var done: Int64 = 0
        while done < bytes {
            let want = Int(min(Int64(chunk), bytes - done))
            let got = pread(input, buffer, want, off_t(done))
            guard got > 0 else { throw DriverError.commandFailed(command: "copy \(source)", status: errno, output: "read stopped at byte \(done) of \(bytes)") }
            var written = 0
            while written < got {
                let n = pwrite(output, buffer + written, got - written, off_t(done) + off_t(written))
                guard n > 0 else { throw DriverError.commandFailed(command: "copy to \(target)", status: errno, output: "write stopped at byte \(done + Int64(written))") }
                written += n
            }
            done += Int64(got)
        }
        guard fsync(output) == 0 else { throw DriverError.commandFailed(command: "fsync \(target)", status: errno, output: "") }
    }
}

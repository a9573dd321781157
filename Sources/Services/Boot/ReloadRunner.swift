import Foundation

/// Runs the DHCP server's reload command: an argument vector, never a shell line. The first
/// element must be an absolute path; the command gets 10 seconds.
public struct ReloadRunner: Sendable {
    public let timeoutSeconds: Double

    public init(timeoutSeconds: Double = 10) { self.timeoutSeconds = timeoutSeconds }

    /// - Throws: `ServiceError.unavailable` when the command cannot start, fails or times out.
    public func run(_ argv: [String]) async throws {
        guard let exe = argv.first, exe.hasPrefix("/") else {
            throw ServiceError.invalid("dhcp.reloadCommand", "the first element must be an absolute path")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: exe)
        process.arguments = Array(argv.dropFirst())
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let finished = FinishedFlag()
        let status: Int32 = try await withCheckedThrowingContinuation { cont in
            process.terminationHandler = { p in
                finished.set()
                cont.resume(returning: p.terminationStatus)
            }
            do { try process.run() } catch {
                process.terminationHandler = nil
                cont.resume(throwing: ServiceError.unavailable("reload command \(exe) could not start: \(error)"))
                return
            }
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds) {
                if !finished.isSet { kill(pid, SIGKILL) }
            }
        }
        guard status == 0 else {
            throw ServiceError.unavailable("reload command \(exe) exited with status \(status)")
        }
    }
}

/// Set once the reload process has ended, so the timeout never signals a reused pid.
private final class FinishedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}

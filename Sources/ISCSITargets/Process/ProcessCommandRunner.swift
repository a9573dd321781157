import Dispatch
import Domain
import Foundation

/// Runs commands with an argument vector (never a shell), bounded in time (`Spawn`).
public struct ProcessCommandRunner: CommandRunner {
    public var timeoutSeconds: Double

    public init(timeoutSeconds: Double = 30) {
        self.timeoutSeconds = timeoutSeconds
    }

    public func run(_ argv: [String]) async throws -> CommandResult {
        guard let program = argv.first, program.hasPrefix("/") else {
            throw DriverError.invalid("command must start with an absolute program path, got \(argv.first ?? "nothing")")
        }
        let timeout = timeoutSeconds
        // The child is waited for on a pool thread, blocking: one thread per running command.
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { () throws(DriverError) in try Spawn.run(argv, timeout: timeout) })
            }
        }
    }
}

import Dispatch
import Domain

/// The one `CommandRunner` disklessd runs subprocesses with (tgtadm, ipmitool, the DHCP reload
/// command): an argument vector (never a shell), bounded in time, through `Spawn`.
public struct ProcessCommandRunner: CommandRunner {
    /// The limit of a call that names none.
    public var timeoutSeconds: Double

    public init(timeoutSeconds: Double = 30) {
        self.timeoutSeconds = timeoutSeconds
    }

    public func run(_ argv: [String], environment: [String: String], timeoutSeconds: Double?) async throws -> CommandResult {
        guard let program = argv.first, program.hasPrefix("/") else {
            throw DriverError.invalid("command must start with an absolute program path, got \(argv.first ?? "nothing")")
        }
        let timeout = timeoutSeconds ?? self.timeoutSeconds
        // The child is waited for on a Dispatch thread, blocking (never a cooperative-pool thread):
        // one thread per running command.
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { () throws(DriverError) in
                    try Spawn.run(argv, environment: environment, timeout: timeout)
                })
            }
        }
    }
}

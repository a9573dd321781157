import Domain
import Foundation

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
        // The child is waited for, blocking, on a thread of its own: never a cooperative-pool
        // thread, nor GCD's width-limited global queue (a few slow commands there would starve
        // every other Dispatch user). One short-lived thread per running command.
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { () throws(DriverError) in
                    try Spawn.run(argv, environment: environment, timeout: timeout)
                })
            }
            thread.name = "disklessd-spawn"
            thread.start()
        }
    }
}

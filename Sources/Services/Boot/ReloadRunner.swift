import Domain
import ProcessSpawn

/// Runs the DHCP server's reload command: an argument vector, never a shell line, through the
/// process runner. The first element must be an absolute path; the command gets 10 seconds.
public struct ReloadRunner: Sendable {
    public let timeoutSeconds: Double
    let runner: any CommandRunner

    public init(timeoutSeconds: Double = 10, runner: any CommandRunner = ProcessCommandRunner()) {
        self.timeoutSeconds = timeoutSeconds
        self.runner = runner
    }

    /// - Throws: `ServiceError.unavailable` when the command cannot start, fails or times out.
    public func run(_ argv: [String]) async throws {
        guard let exe = argv.first, exe.hasPrefix("/") else {
            throw ServiceError.invalid("dhcp.reloadCommand", "the first element must be an absolute path")
        }
        let result: CommandResult
        do { result = try await runner.run(argv, environment: [:], timeoutSeconds: timeoutSeconds) } catch {
            throw ServiceError.unavailable("reload command \(exe) could not run: \(error)")
        }
        guard result.status == 0 else {
            throw ServiceError.unavailable("reload command \(exe) exited with status \(result.status)")
        }
    }
}

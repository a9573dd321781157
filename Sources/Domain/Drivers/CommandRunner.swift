/// What a finished subprocess left behind.
public struct CommandResult: Sendable, Hashable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String = "", stderr: String = "") {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }

    /// stdout, then stderr: what a tool said, for messages.
    public var output: String { stdout + stderr }
}

/// Runs one program with an argument vector (never a shell): `argv[0]` is the program's absolute
/// path. Every subprocess disklessd starts goes through one (the real one is `ProcessSpawn`'s
/// `ProcessCommandRunner`); drivers take it in `init`, so unit tests can check the exact vectors.
public protocol CommandRunner: Sendable {
    /// - Parameters:
    ///   - environment: variables added to the inherited environment (secrets go here, never
    ///     into `argv`, which any user can read in /proc).
    ///   - timeoutSeconds: the child is killed after this long; nil: the runner's own limit.
    func run(_ argv: [String], environment: [String: String], timeoutSeconds: Double?) async throws -> CommandResult
}

extension CommandRunner {
    /// `argv` with the inherited environment and the runner's own time limit.
    public func run(_ argv: [String]) async throws -> CommandResult {
        try await run(argv, environment: [:], timeoutSeconds: nil)
    }
}

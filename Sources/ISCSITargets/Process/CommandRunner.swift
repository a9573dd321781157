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
}

/// Runs one program with an argument vector (never a shell). `argv[0]` is the program's path.
/// Injected into drivers so unit tests can check the exact command sequence.
public protocol CommandRunner: Sendable {
    func run(_ argv: [String]) async throws -> CommandResult
}

import Foundation

/// What a finished subprocess left behind.
public struct CommandResult: Sendable, Hashable {
    public var status: Int32
    public var output: String

    public init(status: Int32, output: String) {
        self.status = status
        self.output = output
    }
}

/// Runs a program with an argument vector (never a shell). Injected, so unit tests can check the
/// exact vector and integration tests run the real program.
public protocol CommandRunner: Sendable {
    /// - Parameter environment: variables added to the inherited environment (secrets go here,
    ///   never into `arguments`, which any user can read in /proc).
    func run(_ executable: String, _ arguments: [String], environment: [String: String],
             timeoutSeconds: Int) async throws -> CommandResult
}

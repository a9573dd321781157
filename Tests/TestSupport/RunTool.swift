import Foundation

/// A tool that `runTool` ran exited with a status other than 0.
public struct ToolFailed: Error, CustomStringConvertible {
    public var path: String
    public var arguments: [String]
    public var status: Int32

    public var description: String { "\(path) \(arguments) exited with \(status)" }
}

/// Runs the program at `path` (no shell) in `directory` off the cooperative pool (the server
/// under test keeps it) and returns its stdout; its stderr goes to the test's output. Throws
/// `ToolFailed` unless it exits 0; a child still running after 120 s is terminated.
public func runTool(path: String, arguments: [String], directory: String? = nil) async throws -> Data {
    let (status, output) = try await offPool {
        try ChildProcess.runBlocking(path: path, arguments, directory: directory, withStderr: false, timeout: 120)
    }
    guard status == 0 else { throw ToolFailed(path: path, arguments: arguments, status: status) }
    return output
}

import Foundation

/// Runs a real program with an argument vector (no shell) and a bounded wait, for tests that
/// drive real clients and tools.
public enum ChildProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var output: String
    }

    /// The absolute path of `name` on PATH (or in /usr/sbin, /sbin), or nil when it is not installed.
    public static func find(_ name: String) -> String? {
        if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return dirs.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs to the end, blocking the calling thread; the child is terminated after `timeout`
    /// seconds (then the status is the signal's). Output is stdout and stderr together.
    public static func runBlocking(_ name: String, _ arguments: [String], timeout: TimeInterval = 120) throws -> Result {
        guard let path = find(name) else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name]) }
        let (status, data) = try runBlocking(path: path, arguments, directory: nil, withStderr: true, timeout: timeout)
        return Result(status: status, output: String(decoding: data, as: UTF8.self))
    }

    /// `runBlocking` on a thread of its own (`offPool`): the server under test keeps the
    /// cooperative pool while the child runs.
    public static func run(_ name: String, _ arguments: [String], timeout: TimeInterval = 120) async throws -> Result {
        try await offPool { try runBlocking(name, arguments, timeout: timeout) }
    }

    /// The program at `path`, run in `directory` (nil: this process's), to the end: its status
    /// and stdout, with stderr too when `withStderr` (else stderr goes to the test's own output).
    static func runBlocking(path: String, _ arguments: [String], directory: String?, withStderr: Bool,
                            timeout: TimeInterval) throws -> (status: Int32, output: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        process.standardOutput = output
        if withStderr { process.standardError = output }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        // Read to the end first: a full pipe would block the child.
        let data = PipeReading.readToEnd(output.fileHandleForReading)
        process.waitUntilExit()
        timer.cancel()
        return (process.terminationStatus, data)
    }
}

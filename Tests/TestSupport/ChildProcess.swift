import Domain
import Foundation
import ProcessSpawn

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

    /// Runs to the end, blocking the calling thread; the child is killed after `timeout` seconds
    /// and the call throws. Output is stdout and stderr together, in the order written.
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
    /// and stdout, with stderr too when `withStderr` (else stderr is copied to the test's own
    /// output). Through `Spawn` (posix_spawn), not Foundation's `Process`: the toolchain's
    /// `Process.run()` reads 256 bytes of every `/proc/self/fd` entry and crashed a unit run with
    /// SIGSEGV when an entry ended a page (swift-corelibs-foundation #5472).
    static func runBlocking(path: String, _ arguments: [String], directory: String?, withStderr: Bool,
                            timeout: TimeInterval) throws -> (status: Int32, output: Data) {
        let result = try Spawn.runBytes([path] + arguments, directory: directory, mergingStderr: withStderr, timeout: timeout)
        if !result.stderr.isEmpty { FileHandle.standardError.write(Data(result.stderr)) }
        return (result.status, Data(result.stdout))
    }
}

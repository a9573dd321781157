import Foundation

/// Runs programs with argument vectors (no shell) and a bounded wait, for the real-network test.
/// Only short-lived children: dnsmasq daemonizes and is stopped through its pid file.
enum Command {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func find(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
            + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
        return dirs.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs to the end (terminated after `timeout` seconds); returns status and combined output.
    @discardableResult
    static func run(_ name: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> (status: Int32, output: String) {
        guard let path = find(name) else { throw Failure(description: "\(name) is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: timer)
        // Read to the end first (a full pipe would block the child), then reap it.
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        timer.cancel()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// `run` on a Dispatch thread: the blocking wait stays off the Swift concurrency pool, whose
    /// threads the server under test needs to answer while the probe waits.
    static func runOffPool(_ name: String, _ arguments: [String], timeout: TimeInterval = 30) async throws
        -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try run(name, arguments, timeout: timeout) })
            }
        }
    }

    /// Runs and throws when the status is not 0.
    static func must(_ name: String, _ arguments: [String]) throws {
        let r = try run(name, arguments)
        guard r.status == 0 else { throw Failure(description: "\(name) \(arguments.joined(separator: " ")): \(r.output)") }
    }

    static var isRoot: Bool { getuid() == 0 }

    static var hasScapy: Bool {
        (try? run("python3", ["-c", "import scapy.all"], timeout: 60).status) == 0
    }
}

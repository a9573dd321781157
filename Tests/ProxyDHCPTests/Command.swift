import Foundation
import TestSupport

/// Runs programs with argument vectors (no shell) and a bounded wait, for the real-network test.
/// Only short-lived children: dnsmasq daemonizes and is stopped through its pid file.
enum Command {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func find(_ name: String) -> String? { ChildProcess.find(name) }

    /// Runs to the end (terminated after `timeout` seconds); returns status and combined output.
    /// Blocks the calling thread: only for set-up commands that wait for nothing in this process.
    @discardableResult
    static func run(_ name: String, _ arguments: [String], timeout: TimeInterval = 30) throws -> (status: Int32, output: String) {
        guard find(name) != nil else { throw Failure(description: "\(name) is not installed") }
        let r = try ChildProcess.runBlocking(name, arguments, timeout: timeout)
        return (r.status, r.output)
    }

    /// `run` on a thread of its own: the blocking wait stays off the Swift concurrency pool, whose
    /// threads the server under test needs to answer while the probe waits.
    static func runOffPool(_ name: String, _ arguments: [String], timeout: TimeInterval = 30) async throws
        -> (status: Int32, output: String) {
        try await offPool { try run(name, arguments, timeout: timeout) }
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

import Foundation
import TestSupport

/// Real TFTP clients (curl, tftp-hpa, atftp) run with an argument vector and a bounded wait, on
/// threads of their own (fifty parallel clients must not starve the server's tasks).
enum ExternalTool {
    typealias Result = ChildProcess.Result

    static func available(_ names: String...) -> Bool { names.allSatisfy { ChildProcess.find($0) != nil } }

    /// Runs the tool; kills it after `timeout` seconds (then the status is the signal's).
    static func run(_ name: String, _ arguments: [String], timeout: TimeInterval = 120) async throws -> Result {
        try await ChildProcess.run(name, arguments, timeout: timeout)
    }
}

import Domain
import Foundation
@testable import ISCSITargets

/// A fake tgtadm for command-sequence tests: records every argv and answers `--op show` with the
/// scripted outputs in turn (the last one repeats). The real tgtd is exercised in TgtRealTests.
final class RecordingRunner: CommandRunner, @unchecked Sendable {
    private let lock = NSLock()
    private var shows: [String]
    private var _commands: [[String]] = []
    var failing: Set<String> = []

    init(shows: [String] = [""]) { self.shows = shows }

    var commands: [[String]] { lock.withLock { _commands } }
    /// The commands without the `tgtadm -C n --lld iscsi` head, joined by spaces.
    var lines: [String] { commands.map { $0.drop(while: { $0 != "--op" }).joined(separator: " ") } }

    func run(_ argv: [String], environment: [String: String], timeoutSeconds: Double?) async throws -> CommandResult {
        lock.withLock {
            _commands.append(argv)
            if argv.contains("show") {
                let out = shows.count > 1 ? shows.removeFirst() : (shows.first ?? "")
                return CommandResult(status: 0, stdout: out)
            }
            // A command whose line (as in `lines`) is in `failing` exits 22, as tgtadm does.
            if failing.contains(argv.drop(while: { $0 != "--op" }).joined(separator: " ")) {
                return CommandResult(status: 22, stderr: "tgtadm: can't find the target")
            }
            return CommandResult(status: 0)
        }
    }
}

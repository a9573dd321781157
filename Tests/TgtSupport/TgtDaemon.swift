import Domain
import Foundation
@testable import ISCSITargets

/// A private tgtd for one test: its own iSCSI port and control port on 127.0.0.1, stopped with
/// `tgtadm --op delete --mode system` (tgtd ignores SIGTERM) after its targets are deleted.
final class TgtDaemon: @unchecked Sendable {
    static var canRun: Bool {
        getuid() == 0 && ["/usr/sbin/tgtd", "/usr/sbin/tgtadm", "/usr/bin/qemu-io", "/usr/bin/iscsi-inq"]
            .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    let port: Int
    let controlPort: Int
    let process = Process()
    let runner = ProcessCommandRunner(timeoutSeconds: 20)
    var driver: TgtTargetDriver { TgtTargetDriver(controlPort: controlPort, runner: runner) }

    init(logPath: String) async throws {
        port = Int.random(in: 20000...39999)
        controlPort = Int.random(in: 1000...9999)
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/tgtd")
        process.arguments = ["-f", "-C", String(controlPort), "--iscsi", "portal=127.0.0.1:\(port)"]
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        try process.run()
        // Bounded wait until tgtadm answers.
        for _ in 0..<50 {
            if case .available = await driver.availability() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        await stop()
        throw DriverError.timedOut("tgtd on control port \(controlPort) did not answer")
    }

    func stop() async {
        let adm = ["/usr/sbin/tgtadm", "-C", String(controlPort), "--lld", "iscsi"]
        if let out = try? await runner.run(adm + ["--op", "show", "--mode", "target"]) {
            for t in TgtShowOutput(parsing: out.stdout).targets {
                _ = try? await runner.run(adm + ["--op", "delete", "--mode", "target", "--tid", String(t.tid), "--force"])
            }
        }
        _ = try? await runner.run(adm + ["--op", "delete", "--mode", "system"])
        for _ in 0..<50 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        if process.isRunning { process.interrupt() }
    }
}

/// Runs an initiator tool; returns (status, stdout + stderr).
func initiator(_ program: String, _ args: [String]) async throws -> (Int32, String) {
    let r = try await ProcessCommandRunner(timeoutSeconds: 30).run([program] + args)
    return (r.status, r.stdout + r.stderr)
}

import Domain
import Foundation
import ISCSITargets
import ProcessSpawn
import TestSupport

/// A private tgtd for one test (shared by ISCSITargetsTests and StorageTests): its own iSCSI port and control port on 127.0.0.1, stopped with
/// `tgtadm --op delete --mode system` (tgtd ignores SIGTERM) after its targets are deleted.
public final class TgtDaemon: @unchecked Sendable {
    public static var canRun: Bool {
        getuid() == 0 && ["/usr/sbin/tgtd", "/usr/sbin/tgtadm", "/usr/bin/qemu-io", "/usr/bin/iscsi-inq"]
            .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public let port: Int
    public let controlPort: Int
    public let process: ChildDaemon
    let runner = ProcessCommandRunner(timeoutSeconds: 20)
    public var driver: TgtTargetDriver { TgtTargetDriver(controlPort: controlPort, runner: runner) }

    public init(logPath: String) async throws {
        port = TestPorts.pick()
        controlPort = TestPorts.pickIndex()
        process = try ChildDaemon(["/usr/sbin/tgtd", "-f", "-C", String(controlPort), "--iscsi", "portal=127.0.0.1:\(port)"],
                                  logPath: logPath)
        // Bounded wait until tgtadm answers.
        for _ in 0..<50 where process.isRunning {
            if case .available = await driver.availability() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        await stop()
        throw DriverError.timedOut("tgtd on control port \(controlPort) did not answer")
    }

    public func stop() async {
        let adm = ["/usr/sbin/tgtadm", "-C", String(controlPort), "--lld", "iscsi"]
        if let out = try? await runner.run(adm + ["--op", "show", "--mode", "target"]) {
            // "Target 3: iqn…" lines name each target's tid.
            let tids = out.stdout.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("Target "), let colon = line.firstIndex(of: ":") else { return nil }
                return String(line[line.index(line.startIndex, offsetBy: 7)..<colon])
            }
            for tid in tids {
                _ = try? await runner.run(adm + ["--op", "delete", "--mode", "target", "--tid", tid, "--force"])
            }
        }
        _ = try? await runner.run(adm + ["--op", "delete", "--mode", "system"])
        for _ in 0..<50 where process.isRunning { try? await Task.sleep(for: .milliseconds(100)) }
        process.kill()
    }
}

/// Runs an initiator tool; returns (status, stdout + stderr).
public func initiator(_ program: String, _ args: [String]) async throws -> (Int32, String) {
    let r = try await ProcessCommandRunner(timeoutSeconds: 30).run([program] + args)
    return (r.status, r.stdout + r.stderr)
}

import BuiltinTarget
import Domain
import Foundation
import ISCSITargets
import TestSupport

/// A private `disklessd target` for one test: its own portal port on 127.0.0.1 and control socket.
public final class BuiltinTargetDaemon: @unchecked Sendable {
    /// `disklessd`, built beside the test bundle.
    public static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        var dir = (exe as NSString).deletingLastPathComponent
        while !dir.isEmpty, dir != "/", !FileManager.default.isExecutableFile(atPath: dir + "/disklessd") {
            dir = (dir as NSString).deletingLastPathComponent
        }
        return dir + "/disklessd"
    }

    public static var canRun: Bool {
        getuid() == 0 && ([binary, "/usr/bin/qemu-io", "/usr/bin/iscsi-inq"]).allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    public let port = TestPorts.pick()
    public let control: String
    public let process: ChildDaemon

    public init(dir: String) async throws {
        control = "\(dir)/target/control.sock"
        let logPath = "\(dir)/target.log"
        process = try ChildDaemon([Self.binary, "target", "--data-dir", dir, "--host", "127.0.0.1", "--port", "\(port)",
                                   "--control", control], logPath: logPath)
        let driver = BuiltinTargetDriver(client: ControlClient(path: control, timeoutSeconds: 2), overlayRoot: dir)
        for _ in 0..<100 where process.isRunning {  // one that exited (its port taken) is not waited for
            if case .available = await driver.availability() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        stop()
        throw DriverError.timedOut("disklessd target did not answer on \(control): \((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "")")
    }

    public func stop() {
        process.kill()
    }
}

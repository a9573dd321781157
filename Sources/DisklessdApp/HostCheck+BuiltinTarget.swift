import BuiltinTarget
import Domain
import Foundation
import ISCSITargets

extension HostCheck {
    /// Whether the built-in target (`disklessd target`) answers on its control socket
    /// (`DISKLESSD_TARGET_CONTROL`, default `<dataDir>/target/control.sock`), and how many targets
    /// it exports. Not running is fine: `serve` starts one when it needs it.
    public static func builtinTargetFinding(dataDir: String) async -> Finding {
        let control = ProcessInfo.processInfo.environment["DISKLESSD_TARGET_CONTROL"]
            ?? (App.absolute(dataDir) as NSString).appendingPathComponent("target/control.sock")
        let driver = BuiltinTargetDriver(client: ControlClient(path: control, timeoutSeconds: 3), overlayRoot: "/nonexistent")
        guard FileManager.default.fileExists(atPath: control) else {
            return Finding(name: "built-in target", ok: true,
                           detail: "not running (no \(control)); serve starts `disklessd target` when the builtin driver is used")
        }
        do {
            let targets = try await driver.listTargets(prefix: "")
            return Finding(name: "built-in target", ok: true,
                           detail: "answers on \(control): \(targets.count) targets, \(targets.reduce(0) { $0 + $1.sessions.count }) sessions")
        } catch {
            return Finding(name: "built-in target", ok: false, detail: "\(control) does not answer: \(error)")
        }
    }
}

import Foundation

/// How to get tgtd answering on this host, spelled as commands, for the "targets unavailable"
/// message: install it, start it with systemd (Debian's `tgt` package ships `tgt.service`), or
/// run it in the foreground where no systemd runs (containers, a chroot).
struct TgtStartAdvice {
    /// tgtadm's control port when a private tgtd is meant (`DISKLESSD_TGT_CONTROL_PORT`).
    let controlPort: Int?
    var tgtdPath: String? = HostCheck.which("tgtd")
    var systemdRunning = FileManager.default.fileExists(atPath: "/run/systemd/system")

    var text: String {
        guard let tgtd = tgtdPath else {
            return "tgt is not installed: apt-get install tgt"
                + (systemdRunning ? " (its tgt.service starts tgtd), then restart disklessd" : ", start it with `tgtd -f`, then restart disklessd")
        }
        let foreground = controlPort.map { "\(tgtd) -f -C \($0)" } ?? "\(tgtd) -f"
        if systemdRunning && controlPort == nil {
            return "tgtd is not running: start it with `systemctl enable --now tgt` (or in the foreground: `\(foreground)`), then restart disklessd"
        }
        return "tgtd is not running: start it in the foreground with `\(foreground)` (it listens on 0.0.0.0:3260), then restart disklessd"
    }
}

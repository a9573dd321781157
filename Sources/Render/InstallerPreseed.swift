import Domain

/// The Debian installer's answers for "Install Linux to this iSCSI disk": network by DHCP, the
/// machine's name, the mirror, and partman-iscsi logged in to the machine's own target, with the
/// whole disk (its OS LUN, by path) partitioned and GRUB installed there. Account questions are
/// left to the person at the screen: no password is ever written into a file served without
/// authentication, except the machine's own CHAP secret, which its iPXE script carries already.
public enum InstallerPreseed {
    /// The preseed file served at `/preseed/<mac>.cfg`.
    /// - Parameters:
    ///   - mirror: `http://deb.debian.org/debian` (http or https, host, directory).
    public static func render(machine: Machine, disks: ISCSIDisks, mirror: String) throws -> String {
        let name = try RenderGuard.word(machine.name, field: "machine.name")
        let target = try RenderGuard.word(disks.targetIQN, field: "targetIQN")
        let initiator = try RenderGuard.word(disks.initiatorIQN, field: "initiatorIQN")
        let (scheme, host, directory) = try split(mirror)
        guard (1...65535).contains(disks.port) else {
            throw RenderError.unsafeValue(field: "iscsi.port", value: String(disks.port), reason: "port must be between 1 and 65535")
        }
        let portal = disks.port == 3260 ? "\(disks.server)" : "\(disks.server):\(disks.port)"
        let disk = "/dev/disk/by-path/ip-\(disks.server):\(disks.port)-iscsi-\(target)-lun-\(disks.osLUN)"
        var lines = [
            "# disklessd preseed for \(name) (\(machine.mac)): Debian installs onto its iSCSI disk",
            "# \(target) LUN \(disks.osLUN) at \(disks.server):\(disks.port).",
            "d-i debian-installer/locale string en_US.UTF-8",
            "d-i keyboard-configuration/xkb-keymap select us",
            "d-i netcfg/choose_interface select auto",
            "d-i netcfg/get_hostname string \(name)",
            "d-i netcfg/get_domain string",
            "d-i netcfg/hostname string \(name)",
            "d-i mirror/country string manual",
            "d-i mirror/protocol string \(scheme)",
            "d-i mirror/\(scheme)/hostname string \(host)",
            "d-i mirror/\(scheme)/directory string \(directory)",
            "d-i mirror/\(scheme)/proxy string",
            "d-i clock-setup/utc boolean true",
            "d-i time/zone string UTC",
            "d-i partman-iscsi/initiatorname string \(initiator)",
            "d-i partman-iscsi/login/address string \(portal)",
        ]
        if let chap = disks.chap {
            lines.append("d-i partman-iscsi/login/username string \(try RenderGuard.word(chap.username, field: "chap.username"))")
            lines.append("d-i partman-iscsi/login/password password \(try RenderGuard.secret(chap.secret, field: "chap.secret"))")
        }
        lines += [
            "d-i partman-iscsi/login/targets multiselect \(target)",
            "d-i partman-iscsi/login/all_targets boolean false",
            "d-i partman-auto/disk string \(disk)",
            "d-i partman-auto/method string regular",
            "d-i partman-auto/choose_recipe select atomic",
            "d-i partman-partitioning/confirm_write_new_label boolean true",
            "d-i partman/choose_partition select finish",
            "d-i partman/confirm boolean true",
            "d-i partman/confirm_nooverwrite boolean true",
            "d-i grub-installer/only_debian boolean true",
            "d-i grub-installer/bootdev string \(disk)",
            "d-i finish-install/reboot_in_progress note",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `http://deb.debian.org/debian` → (`http`, `deb.debian.org`, `/debian`).
    static func split(_ mirror: String) throws -> (String, String, String) {
        let url = try RenderGuard.url(mirror, field: "tools.installerMirror")
        let scheme = url.hasPrefix("https://") ? "https" : "http"
        let rest = url.dropFirst(scheme.count + 3)
        let host = String(rest.prefix { $0 != "/" })
        let path = String(rest.dropFirst(host.count))
        return (scheme, try RenderGuard.word(host, field: "tools.installerMirror"),
                path.isEmpty || path == "/" ? "/debian" : try RenderGuard.absolutePath(path, field: "tools.installerMirror"))
    }
}

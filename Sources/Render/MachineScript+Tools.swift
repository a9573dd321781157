import Domain

/// The tools menu of super workstations, as the prototype offered it beside the OS items:
///
/// ```
/// :tool-winpe          attach the machine's disk as 0x80 ─► wimboot BCD, boot.sdi, boot.wim
///                      (<winpePath>/amd64 or /x86 by `cpuid --ext 29`: the CPU has long mode)
/// :tool-install-linux  attach the machine's disk as 0x80 ─► installer kernel + initrd with
///                      `auto=true priority=critical url=<base>/preseed/<mac>.cfg`
/// ```
///
/// Both attach the disk with `sanhook` (so it is described in the iBFT and WinPE or the
/// installer sees it) and fail into the `:failed` menu like any boot item.
extension MachineScript {
    static let winpeLabel = "tool-winpe"
    static let installerLabel = "tool-install-linux"

    /// The menu lines after the boot items. A key selects a tool at once (`p`, `i`), as the
    /// prototype's `--key d` did.
    static func toolItems() -> [String] {
        ["item --gap Tools:",
         "item --key p \(winpeLabel) WinPE with this iSCSI disk attached",
         "item --key i \(installerLabel) Install Linux to this iSCSI disk"]
    }

    /// The two tool sections.
    static func toolSections(_ tools: BootTools, assetsURL: String) throws -> [String] {
        let disk = "\(try RenderGuard.word(tools.disks.targetIQN, field: "targetIQN")) LUN \(tools.disks.osLUN)"
        let winpe = try assetURL(tools.winpePath, assetsURL: assetsURL, field: "tools.winpePath") + "/${winpe-arch}/media"
        var out = [":\(winpeLabel)", "set failed-item WinPE",
                   "echo Attaching \(disk) as drive 0x80 for WinPE..."]
        out += try attach(tools.disks)
        out += ["cpuid --ext 29 && set winpe-arch amd64 || set winpe-arch x86",
                "echo Loading WinPE ${winpe-arch} with wimboot...",
                "kernel \(try assetURL("wimboot", assetsURL: assetsURL, field: "tools.wimboot")) || goto failed",
                "initrd --name BCD \(winpe)/Boot/BCD || goto failed",
                "initrd --name boot.sdi \(winpe)/Boot/boot.sdi || goto failed",
                "initrd --name boot.wim \(winpe)/sources/boot.wim || goto failed",
                "boot || goto failed",
                "goto failed"]

        let kernel = try assetURL(tools.installerKernel, assetsURL: assetsURL, field: "tools.installerKernel")
        let initrd = try assetURL(tools.installerInitrd, assetsURL: assetsURL, field: "tools.installerInitrd")
        let preseed = try RenderGuard.url(tools.preseedURL, field: "tools.preseedURL")
        let args = try RenderGuard.cmdline(tools.installerArgs, field: "tools.installerArgs").trimmingSpaces()
        out += ["", ":\(installerLabel)", "set failed-item Linux installer",
                "echo Attaching \(disk) as drive 0x80 for the Linux installer..."]
        out += try attach(tools.disks)
        // auto=true asks locale and keyboard only after the preseed is loaded; priority=critical
        // keeps the rest quiet. initrd=initrd: the EFI stub of older kernels finds it only so.
        out += ["echo Loading the Linux installer, answers from \(preseed)",
                "kernel \(kernel) initrd=initrd auto=true priority=critical interface=auto url=\(preseed)\(args.isEmpty ? "" : " " + args) || goto failed",
                "initrd --name initrd \(initrd) || goto failed",
                "boot || goto failed",
                "goto failed"]
        return out
    }

    /// Initiator, CHAP, and the machine's disk hooked as drive 0x80 (unhooked first, so a retry
    /// from the failure menu does not fail as "exists").
    static func attach(_ disks: ISCSIDisks) throws -> [String] {
        var out = ["set initiator-iqn \(try RenderGuard.word(disks.initiatorIQN, field: "initiatorIQN"))"]
        if let chap = disks.chap {
            out.append("set username \(try RenderGuard.word(chap.username, field: "chap.username"))")
            out.append("set password \(try RenderGuard.secret(chap.secret, field: "chap.secret"))")
        }
        return out + ["sanunhook --drive 0x80 ||",
                      "sanhook --drive 0x80 \(try IPXE.iscsiURI(disks, lun: disks.osLUN)) || goto failed"]
    }
}

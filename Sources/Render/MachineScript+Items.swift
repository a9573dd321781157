import Domain

extension MachineScript {
    /// The lines of one boot item's section (after its label and `set failed-item`).
    static func section(_ entry: MachineBootPlan.Entry, label: String, plan: MachineBootPlan) throws -> [String] {
        let item = entry.item
        switch item.kind {
        case .iscsi:
            guard let disks = entry.iscsi else {
                throw RenderError.missingValue(field: "bootItems[\(item.name)].iscsi", reason: "an iscsi item needs its target and LUNs")
            }
            return try iscsi(item, disks: disks, label: label)
        case .wimboot:
            return try wimboot(item, assetsURL: plan.assetsURL)
        case .linux:
            return try linux(item, assetsURL: plan.assetsURL)
        case .chain:
            guard let url = item.url else {
                throw RenderError.missingValue(field: "bootItems[\(item.name)].url", reason: "a chain item needs a URL")
            }
            return ["chain \(try RenderGuard.url(url, field: "bootItems[\(item.name)].url")) || goto failed", "goto failed"]
        case .local:
            // An iSCSI attempt that failed leaves its drives hooked, and a hooked 0x80 is the SAN
            // disk: unhook every drive this menu can hook first. Then BIOS: boot the first local
            // disk through INT 13 without describing a SAN disk; UEFI (and BIOS when that fails):
            // leave iPXE so the firmware tries its next boot option.
            return ["echo Booting from the local disk..."]
                + sanDrives(count: hookedDriveCount(plan)).map { "sanunhook --drive \($0) ||" }
                + ["iseq ${platform} efi && exit ||",
                   "sanboot --no-describe --drive 0x80 ||",
                   "exit"]
        }
    }

    /// `0x80`, `0x81`, … : the INT 13 drive numbers of the first `count` SAN drives.
    static func sanDrives(count: Int) -> [String] {
        (0..<count).map { "0x" + String(0x80 + $0, radix: 16) }
    }

    /// How many drives the plan's iscsi items hook at most (OS disk + data disks).
    static func hookedDriveCount(_ plan: MachineBootPlan) -> Int {
        plan.entries.compactMap { $0.iscsi.map { 1 + min($0.dataLUNs.count, 0x7E) } }.max() ?? 0
    }

    /// `sanhook` the OS disk as drive 0x80 and the data disks as 0x81…, then `sanboot` drive
    /// 0x80. On UEFI with `sanFilename`, `sanboot --filename` names the loader to start; without
    /// it iPXE starts the disk's default `\\EFI\\Boot\\bootx64.efi`.
    ///
    /// Only the OS disk is described (iBFT): the data disks are LUNs of the same target, which the
    /// OS reaches through the OS disk's session; described, each would be a second iBFT target
    /// with the same IQN. With `clearGateway` the iBFT carries gateway 0.0.0.0 (docs/images.md).
    ///
    /// Why hook first and boot the hooked drive: with Debian's iPXE, hooking a data disk as 0x81
    /// before `sanboot <uri>` registers 0x80 makes the first INT 13h boot of 0x80 fail with an
    /// I/O error (seen in the e2e tier); hooking in drive order and booting the registered drive
    /// works at the first attempt on BIOS and UEFI.
    static func iscsi(_ item: BootItem, disks: ISCSIDisks, label: String) throws -> [String] {
        let field = "bootItems[\(item.name)]"
        var out = ["echo Booting \(displayLabel(item)) from iSCSI \(try RenderGuard.word(disks.targetIQN, field: "targetIQN"))..."]
        if item.clearGateway { out.append(IPXE.clearGateway) }
        out.append("set initiator-iqn \(try RenderGuard.word(disks.initiatorIQN, field: "initiatorIQN"))")
        if let chap = disks.chap {
            out.append("set username \(try RenderGuard.word(chap.username, field: "chap.username"))")
            out.append("set password \(try RenderGuard.secret(chap.secret, field: "chap.secret"))")
        }
        guard disks.dataLUNs.count < 0x7F else {
            throw RenderError.unsafeValue(field: "\(field).dataImages", value: "\(disks.dataLUNs.count)", reason: "too many data disks")
        }
        let luns = [disks.osLUN] + disks.dataLUNs
        let drives = sanDrives(count: luns.count)
        // A retry from the failure menu hooks again: unhook first so it does not fail as "exists".
        out += drives.map { "sanunhook --drive \($0) ||" }
        for (index, (drive, lun)) in zip(drives, luns).enumerated() {
            let describe = index == 0 ? "" : " --no-describe"
            out.append("sanhook --drive \(drive)\(describe) \(try IPXE.iscsiURI(disks, lun: lun)) || goto failed")
        }
        if let file = item.sanFilename, !file.isEmpty {
            let path = try RenderGuard.efiPath(file, field: "\(field).sanFilename")
            out += ["iseq ${platform} efi && goto \(label)-efi ||",
                    "sanboot --drive 0x80 || goto failed",
                    "goto failed",
                    ":\(label)-efi",
                    "sanboot --drive 0x80 --filename \(path) || goto failed",
                    "goto failed"]
        } else {
            out += ["sanboot --drive 0x80 || goto failed", "goto failed"]
        }
        return out
    }

    /// `kernel wimboot`, then `initrd --name <file name> <url>` for every file, then `boot`.
    /// A file whose name is `wimboot` is the kernel; without one, `wimboot` at the assets root is.
    static func wimboot(_ item: BootItem, assetsURL: String) throws -> [String] {
        let field = "bootItems[\(item.name)].files"
        guard !item.files.isEmpty else { throw RenderError.missingValue(field: field, reason: "a wimboot item needs its files") }
        var kernel = try assetURL("wimboot", assetsURL: assetsURL, field: field)
        var initrds: [String] = []
        for file in item.files {
            let url = try assetURL(file, assetsURL: assetsURL, field: field)
            let base = try RenderGuard.word(String(file.split(separator: "/").last ?? ""), field: field)
            if base.lowercased() == "wimboot" {
                kernel = url
            } else {
                initrds.append("initrd --name \(base) \(url) || goto failed")
            }
        }
        return ["echo Loading \(displayLabel(item)) with wimboot...", "kernel \(kernel) || goto failed"]
            + initrds + ["boot || goto failed", "goto failed"]
    }

    /// `kernel <url> <cmdline>`, `initrd <url>`, `boot`. With an initrd, `initrd=initrd` joins
    /// the command line unless it names one: the EFI stub of older kernels finds it only so.
    static func linux(_ item: BootItem, assetsURL: String) throws -> [String] {
        let field = "bootItems[\(item.name)]"
        guard let kernelPath = item.kernel, !kernelPath.isEmpty else {
            throw RenderError.missingValue(field: "\(field).kernel", reason: "a linux item needs a kernel")
        }
        let kernel = try assetURL(kernelPath, assetsURL: assetsURL, field: "\(field).kernel")
        var cmdline = try RenderGuard.cmdline(item.cmdline ?? "", field: "\(field).cmdline").trimmingSpaces()
        var out = ["echo Loading \(displayLabel(item))..."]
        var initrdLine: String?
        if let initrd = item.initrd, !initrd.isEmpty {
            let url = try assetURL(initrd, assetsURL: assetsURL, field: "\(field).initrd")
            initrdLine = "initrd --name initrd \(url) || goto failed"
            if !cmdline.split(separator: " ").contains(where: { $0.hasPrefix("initrd=") }) {
                cmdline = cmdline.isEmpty ? "initrd=initrd" : "initrd=initrd " + cmdline
            }
        }
        out.append("kernel \(kernel)\(cmdline.isEmpty ? "" : " " + cmdline) || goto failed")
        if let initrdLine { out.append(initrdLine) }
        return out + ["boot || goto failed", "goto failed"]
    }

    /// An absolute http(s) URL as given, or a path relative to the HTTP root under `assetsURL`.
    static func assetURL(_ path: String, assetsURL: String, field: String) throws -> String {
        if path.hasPrefix("http://") || path.hasPrefix("https://") { return try RenderGuard.url(path, field: field) }
        let base = try RenderGuard.url(assetsURL, field: "assetsURL")
        let trimmedBase = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmedBase + "/" + (try RenderGuard.relativePath(path, field: field))
    }
}

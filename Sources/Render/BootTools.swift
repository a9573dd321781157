import Domain

/// The super-workstation tools of one machine's menu (see `ToolsSettings`): the disk they
/// attach — the machine's own iSCSI disk, the OS LUN of its default iSCSI item, as the prototype
/// attached `install-iscsi-iqn` — and where their files are.
public struct BootTools: Sendable, Hashable {
    /// Target, initiator, CHAP; `osLUN` is the disk the tools attach as drive 0x80.
    public var disks: ISCSIDisks
    /// WinPE tree relative to the assets root: `<winpePath>/<arch>/media/…`.
    public var winpePath: String
    /// Installer kernel and initrd: relative to the assets root, or http URLs.
    public var installerKernel: String
    public var installerInitrd: String
    /// Where the installer fetches its answers: `<base>/preseed/<mac>.cfg`.
    public var preseedURL: String
    /// More kernel arguments for the installer (`console=ttyS0`).
    public var installerArgs: String

    public init(disks: ISCSIDisks, winpePath: String, installerKernel: String, installerInitrd: String, preseedURL: String,
                installerArgs: String = "") {
        self.disks = disks
        self.winpePath = winpePath
        self.installerKernel = installerKernel
        self.installerInitrd = installerInitrd
        self.preseedURL = preseedURL
        self.installerArgs = installerArgs
    }
}

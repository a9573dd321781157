public enum BootItemKind: String, Codable, Sendable, CaseIterable {
    /// sanhook data images, sanboot the OS image over iSCSI.
    case iscsi
    /// wimboot + WinPE files (`bootmgr`, `BCD`, `boot.sdi`, `boot.wim`) from the HTTP root.
    case wimboot
    /// kernel + initrd + command line.
    case linux
    /// chain to another iPXE script URL.
    case chain
    /// exit iPXE and boot the local disk.
    case local
}

/// What an iscsi boot item's OS disk holds. It decides defaults that the OS needs: a Windows item
/// clears the iPXE gateway before the SAN commands unless told not to (see `clearGateway`).
public enum BootItemOSFamily: String, Codable, Sendable, CaseIterable {
    case windows, linux, other
}

/// One entry of a boot menu. Fields that do not belong to `kind` must be empty.
public struct BootItem: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    /// Unique name (`win10`), what dbc's GET_BOOT_MENU lists and SET_BOOT_MENU selects.
    public var name: String
    /// Menu text shown by iPXE.
    public var label: String
    public var kind: BootItemKind
    /// iscsi: the OS image booted by `sanboot`.
    public var osImage: Int64?
    /// iscsi: data images attached with `sanhook`, in order.
    public var dataImages: [Int64]
    /// iscsi on UEFI: optional `sanboot --filename` (e.g. `\EFI\Boot\bootx64.efi`).
    public var sanFilename: String?
    /// iscsi: what the OS disk holds; nil for other kinds.
    public var osFamily: BootItemOSFamily?
    /// iscsi: render `set netX/gateway 0.0.0.0` before the SAN commands, so the iBFT that Windows
    /// reads carries no gateway and its iSCSI traffic stays on the local link (iPXE issues #132,
    /// #1599). Default on for Windows items. The PC then gets no default route from the iBFT;
    /// Windows takes its own from DHCP once its network stack runs (docs/images.md).
    public var clearGateway: Bool
    /// wimboot: files relative to the HTTP root (bootmgr, BCD, boot.sdi, boot.wim …).
    public var files: [String]
    /// linux: kernel and initrd paths relative to the HTTP root or absolute http URLs.
    public var kernel: String?
    public var initrd: String?
    public var cmdline: String?
    /// chain: the URL of another iPXE script.
    public var url: String?
    public var revision: Int64

    public init(id: Int64 = 0, name: String, label: String, kind: BootItemKind, osImage: Int64? = nil,
                dataImages: [Int64] = [], sanFilename: String? = nil, osFamily: BootItemOSFamily? = nil,
                clearGateway: Bool = false, files: [String] = [], kernel: String? = nil,
                initrd: String? = nil, cmdline: String? = nil, url: String? = nil, revision: Int64 = 1) {
        self.id = id
        self.name = name
        self.label = label
        self.kind = kind
        self.osImage = osImage
        self.dataImages = dataImages
        self.sanFilename = sanFilename
        self.osFamily = osFamily
        self.clearGateway = clearGateway
        self.files = files
        self.kernel = kernel
        self.initrd = initrd
        self.cmdline = cmdline
        self.url = url
        self.revision = revision
    }
}

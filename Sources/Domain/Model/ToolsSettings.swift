/// The tools menu the prototype offered super workstations beside the OS items: WinPE with the
/// machine's iSCSI disk attached, and a Linux installer that installs onto that disk. Paths are
/// relative to the HTTP root (served under `/assets/`).
public struct ToolsSettings: Codable, Sendable, Hashable {
    /// Show the tools to every machine, not only to super workstations.
    public var forAllMachines: Bool
    /// WinPE files: `<winpePath>/<arch>/media/Boot/BCD`, `…/Boot/boot.sdi`, `…/sources/boot.wim`
    /// (the layout `copype` makes), `arch` = `amd64` or `x86` by CPU; `wimboot` at the HTTP root.
    public var winpePath: String
    /// The Linux installer's kernel and initrd (Debian's netboot `debian-installer/amd64/linux`
    /// and `initrd.gz` by default); it fetches its preseed from `/preseed/<mac>.cfg`.
    public var installerKernel: String
    public var installerInitrd: String
    /// The Debian mirror the preseed names (`http://deb.debian.org/debian`).
    public var installerMirror: String
    /// More installer kernel arguments (`console=ttyS0`, `vga=788`); empty = none.
    public var installerArgs: String

    public init(forAllMachines: Bool = false, winpePath: String = "winpe",
                installerKernel: String = "debian-installer/amd64/linux",
                installerInitrd: String = "debian-installer/amd64/initrd.gz",
                installerMirror: String = "http://deb.debian.org/debian", installerArgs: String = "") {
        self.forAllMachines = forAllMachines
        self.winpePath = winpePath
        self.installerKernel = installerKernel
        self.installerInitrd = installerInitrd
        self.installerMirror = installerMirror
        self.installerArgs = installerArgs
    }

    /// Every key may be missing (documents saved before the section existed): defaults fill in.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ToolsSettings()
        self.init(forAllMachines: try c.decodeIfPresent(Bool.self, forKey: .forAllMachines) ?? d.forAllMachines,
                  winpePath: try c.decodeIfPresent(String.self, forKey: .winpePath) ?? d.winpePath,
                  installerKernel: try c.decodeIfPresent(String.self, forKey: .installerKernel) ?? d.installerKernel,
                  installerInitrd: try c.decodeIfPresent(String.self, forKey: .installerInitrd) ?? d.installerInitrd,
                  installerMirror: try c.decodeIfPresent(String.self, forKey: .installerMirror) ?? d.installerMirror,
                  installerArgs: try c.decodeIfPresent(String.self, forKey: .installerArgs) ?? d.installerArgs)
    }
}

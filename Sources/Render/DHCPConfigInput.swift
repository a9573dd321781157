import Domain

/// What the dnsmasq and isc-dhcp generators need: the settings, the registered machines and the
/// URL of `boot.ipxe` that iPXE clients are sent to.
public struct DHCPConfigInput: Sendable, Hashable {
    public var settings: Settings
    public var machines: [Machine]
    /// `http://<server>:<port>/boot.ipxe`
    public var bootScriptURL: String

    public init(settings: Settings, machines: [Machine], bootScriptURL: String) {
        self.settings = settings
        self.machines = machines
        self.bootScriptURL = bootScriptURL
    }

    /// The TFTP server clients are sent to: dhcp.nextServer, else the iSCSI server address.
    var nextServer: IPv4Address { settings.dhcp.nextServer ?? settings.iscsi.serverAddress }

    /// The BIOS boot file: dhcp.bootFilename when set, else tftp.biosBootFile.
    func biosFile() throws -> String {
        let name = settings.dhcp.bootFilename.isEmpty ? settings.tftp.biosBootFile : settings.dhcp.bootFilename
        return try RenderGuard.relativePath(name, field: "dhcp.bootFilename")
    }

    func uefiFile() throws -> String {
        try RenderGuard.relativePath(settings.tftp.uefiBootFile, field: "tftp.uefiBootFile")
    }

    /// Machines in a stable order (by MAC) so the generated file only changes when they do.
    var sortedMachines: [Machine] { machines.sorted { $0.mac < $1.mac } }
}

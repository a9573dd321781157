import Domain

/// What ProxyDHCP hands out: where the boot server is and which file each kind of client gets.
public struct ProxyDHCPConfiguration: Hashable, Sendable {
    /// This server's address on the client LAN: option 54 (server identifier).
    public var serverAddress: IPv4Address
    /// siaddr, the TFTP server the client loads the boot file from.
    public var nextServer: IPv4Address
    /// For option 93 = 0 (BIOS): `undionly.kpxe`.
    public var biosBootFile: String
    /// For UEFI clients: `ipxe.efi`.
    public var uefiBootFile: String
    /// For iPXE itself: the HTTP URL of `boot.ipxe`, which breaks the chain-load loop.
    public var ipxeScriptURL: String
    /// Interface to bind to (SO_BINDTODEVICE); empty = every interface.
    public var interface: String
    /// Address to bind the sockets to; `0.0.0.0` is needed to receive broadcasts.
    public var bindAddress: String
    /// Port of the DHCP server side (67) and of the PXE boot server (4011); 0 = ephemeral (tests).
    public var dhcpPort: Int
    public var pxePort: Int
    /// Port replies to a broadcast request go to (68, the DHCP client port).
    public var clientPort: Int

    public init(serverAddress: IPv4Address, nextServer: IPv4Address? = nil, biosBootFile: String = "undionly.kpxe",
                uefiBootFile: String = "ipxe.efi", ipxeScriptURL: String, interface: String = "",
                bindAddress: String = "0.0.0.0", dhcpPort: Int = DefaultPorts.dhcp, pxePort: Int = DefaultPorts.proxyDHCP, clientPort: Int = 68) {
        self.serverAddress = serverAddress
        self.nextServer = nextServer ?? serverAddress
        self.biosBootFile = biosBootFile
        self.uefiBootFile = uefiBootFile
        self.ipxeScriptURL = ipxeScriptURL
        self.interface = interface
        self.bindAddress = bindAddress
        self.dhcpPort = dhcpPort
        self.pxePort = pxePort
        self.clientPort = clientPort
    }

    /// Checks that every file name fits the 128-byte `file` field and carries no control bytes.
    public func validated() throws(ProxyDHCPError) -> Self {
        for (field, value) in [("biosBootFile", biosBootFile), ("uefiBootFile", uefiBootFile), ("ipxeScriptURL", ipxeScriptURL)] {
            guard !value.isEmpty, value.utf8.count < 128, !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            else { throw .invalidConfiguration("proxydhcp \(field) \(value.debugDescription) is empty, too long or has control characters") }
        }
        guard interface.utf8.count < 16, !interface.contains("/"), !interface.unicodeScalars.contains(where: { $0.value <= 0x20 })
        else { throw .invalidConfiguration("proxydhcp interface \(interface.debugDescription) is not an interface name") }
        return self
    }
}

/// The app's answer for a MAC: boot it, refuse it (machine registered with allowBoot == false),
/// or not known yet (answered, so it reaches the boot script and shows up as discovered).
public enum BootPolicy: Hashable, Sendable {
    case allowed, denied, unknown
}

/// What applies where the settings leave a value to the host (`GET /api/v1/settings`'s
/// read-only `effective`): the interface the defaults come from, and the boot URL clients use.
public struct EffectiveSettings: Codable, Sendable, Hashable {
    /// `dhcp.interface`, or the first interface up when that is empty; nil when none has IPv4.
    public var interface: String?
    /// That interface's address now: the default of `iscsi.serverAddress` until settings are saved.
    public var interfaceAddress: IPv4Address?
    /// Where clients reach the iSCSI portal (and, by default, TFTP and HTTP).
    public var serverAddress: IPv4Address
    /// `http.publicBaseURL`, or `http://<serverAddress>:<port>` when that is empty.
    public var publicBaseURL: String

    public init(interface: String?, interfaceAddress: IPv4Address?, serverAddress: IPv4Address, publicBaseURL: String) {
        self.interface = interface
        self.interfaceAddress = interfaceAddress
        self.serverAddress = serverAddress
        self.publicBaseURL = publicBaseURL
    }
}

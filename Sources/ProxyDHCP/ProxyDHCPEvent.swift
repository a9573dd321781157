import Domain

/// One request ProxyDHCP saw and what it did, reported to the app (which records the `dhcp`
/// boot phase of known machines and the discovery of unknown ones).
public struct ProxyDHCPEvent: Hashable, Sendable {
    public var mac: MACAddress
    public var architecture: UInt16
    public var isIPXE: Bool
    public var messageType: DHCPMessageType
    public var policy: BootPolicy
    public var decision: ProxyDHCPResponder.Decision

    public init(mac: MACAddress, architecture: UInt16, isIPXE: Bool, messageType: DHCPMessageType,
                policy: BootPolicy, decision: ProxyDHCPResponder.Decision) {
        self.mac = mac
        self.architecture = architecture
        self.isIPXE = isIPXE
        self.messageType = messageType
        self.policy = policy
        self.decision = decision
    }
}

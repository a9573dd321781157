/// The ports disklessd listens on and talks to unless configured otherwise, named once.
public enum DefaultPorts {
    /// The API, console and boot endpoints (`--port`, `DISKLESSD_PORT`).
    public static let http = 8050
    /// The Preset Thrift port (settings.thrift.port).
    public static let thrift = 9090
    /// The agent in a client OS (settings.thrift.agentPort): the same Preset protocol and port.
    public static let agent = 9090
    /// iSCSI portals (settings.iscsi.portalPort).
    public static let iscsi = 3260
    /// TFTP requests (settings.tftp.port).
    public static let tftp = 69
    /// DHCP server and ProxyDHCP broadcast.
    public static let dhcp = 67
    /// ProxyDHCP unicast (PXE boot server discovery).
    public static let proxyDHCP = 4011
}

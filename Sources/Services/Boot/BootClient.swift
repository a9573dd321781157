import Domain

/// What a client told us when it asked for its script: iPXE's `${platform}` (`pcbios`, `efi`),
/// `${buildarch}` (`i386`, `x86_64`, `arm64`), SMBIOS UUID and serial, and its address.
public struct BootClient: Sendable, Hashable {
    public var platform: String?
    public var buildarch: String?
    public var uuid: String?
    public var serial: String?
    public var ip: IPv4Address?

    public init(platform: String? = nil, buildarch: String? = nil, uuid: String? = nil, serial: String? = nil,
                ip: IPv4Address? = nil) {
        self.platform = platform.map(Self.clean)
        self.buildarch = buildarch.map(Self.clean)
        self.uuid = uuid.map(Self.clean)
        self.serial = serial.map(Self.clean)
        self.ip = ip
    }

    /// Client-supplied text is only ever logged or stored: keep letters, digits and `-_.:`, at
    /// most 64 characters.
    static func clean(_ s: String) -> String {
        String(s.prefix(64).filter { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
    }
}

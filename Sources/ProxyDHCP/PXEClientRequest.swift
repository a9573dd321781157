import Domain

/// What ProxyDHCP needs to know about a request from a PXE client, read from its packet.
public struct PXEClientRequest: Hashable, Sendable {
    public var packet: DHCPPacket
    public var messageType: DHCPMessageType
    public var mac: MACAddress
    /// Option 93 (RFC 4578): 0 BIOS, 6 IA32 UEFI, 7/9 x86-64 UEFI, 11 ARM64 UEFI...
    public var architecture: UInt16
    /// True for iPXE: user class (77) `iPXE`, or iPXE's own option 175 present.
    public var isIPXE: Bool

    /// Reads a request; nil when the packet is not a PXE client's DISCOVER/REQUEST/INFORM.
    /// Only clients whose vendor class (60) starts with `PXEClient` are answered: a ProxyDHCP
    /// must stay silent for every other host on the LAN.
    public init?(_ packet: DHCPPacket) {
        guard packet.op == DHCPPacket.bootRequest, let type = packet.messageType,
              [.discover, .request, .inform].contains(type),
              let vendor = packet.option(.vendorClass), vendor.starts(with: Array("PXEClient".utf8)),
              let mac = packet.clientMAC else { return nil }
        self.packet = packet
        self.messageType = type
        self.mac = mac
        if let arch = packet.option(.clientArchitecture), arch.count >= 2 {
            architecture = UInt16(arch[0]) << 8 | UInt16(arch[1])
        } else {
            // Old ROMs without option 93 still say it in option 60: "PXEClient:Arch:00000:UNDI:002001".
            architecture = Self.architecture(fromVendorClass: vendor) ?? 0
        }
        isIPXE = packet.option(.ipxeEncapsulated) != nil || Self.userClassSaysIPXE(packet.option(.userClass))
    }

    private static func architecture(fromVendorClass vendor: [UInt8]) -> UInt16? {
        let text = String(decoding: vendor, as: UTF8.self)
        let fields = text.split(separator: ":")
        guard fields.count >= 3, fields[1] == "Arch" else { return nil }
        return UInt16(fields[2])
    }

    /// iPXE sends option 77 as the bare string "iPXE"; RFC 3004 user classes are length-prefixed
    /// ([4]"iPXE"). Both forms count.
    private static func userClassSaysIPXE(_ data: [UInt8]?) -> Bool {
        guard let data else { return false }
        let ipxe = Array("iPXE".utf8)
        if data == ipxe { return true }
        var index = 0
        while index < data.count {
            let length = Int(data[index])
            let end = index + 1 + length
            guard end <= data.count else { return false }
            if Array(data[index + 1 ..< end]) == ipxe { return true }
            index = end
        }
        return false
    }
}

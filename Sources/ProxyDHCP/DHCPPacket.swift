import Domain

/// A BOOTP/DHCP packet (RFC 2131 section 2, RFC 951). Option overload (sname/file holding
/// options, option 52) is not supported: PXE clients do not use it.
///
/// ```
///  0               1               2               3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +---------------+---------------+---------------+---------------+
/// |    op (1)     |   htype (1)   |   hlen (1)    |   hops (1)    |
/// +---------------+---------------+---------------+---------------+
/// |                            xid (4)                            |
/// +-------------------------------+-------------------------------+
/// |           secs (2)            |           flags (2)           |  flags: 0x8000 = broadcast
/// +-------------------------------+-------------------------------+
/// |                  ciaddr (4)  client's own address             |
/// |                  yiaddr (4)  "your" address (0 from a proxy)  |
/// |                  siaddr (4)  next server (TFTP)               |
/// |                  giaddr (4)  relay agent                      |
/// +---------------------------------------------------------------+
/// |                  chaddr (16) client hardware address          |
/// |                  sname  (64) server host name, NUL-padded     |
/// |                  file  (128) boot file name, NUL-padded       |
/// +---------------------------------------------------------------+
/// |                  magic cookie 99.130.83.99 (4)                |
/// |    options: code (1) | length (1) | data ... ; 0 = pad, 255 = end
/// +---------------------------------------------------------------+
/// ```
public struct DHCPPacket: Hashable, Sendable {
    /// 1 = BOOTREQUEST (client → server), 2 = BOOTREPLY.
    public var op: UInt8
    public var htype: UInt8 = 1
    public var hlen: UInt8 = 6
    public var hops: UInt8 = 0
    public var xid: UInt32
    public var secs: UInt16 = 0
    public var flags: UInt16 = 0
    public var ciaddr = IPv4Address(value: 0)
    public var yiaddr = IPv4Address(value: 0)
    public var siaddr = IPv4Address(value: 0)
    public var giaddr = IPv4Address(value: 0)
    /// Always 16 bytes on the wire; the first `hlen` are the hardware address.
    public var chaddr: [UInt8]
    public var sname: String = ""
    public var file: String = ""
    /// Options in wire order (without pad and end).
    public var options: [DHCPOption]

    public static let bootRequest: UInt8 = 1
    public static let bootReply: UInt8 = 2
    public static let broadcastFlag: UInt16 = 0x8000

    public init(op: UInt8, xid: UInt32, chaddr: [UInt8], options: [DHCPOption] = []) {
        self.op = op
        self.xid = xid
        self.chaddr = chaddr
        self.options = options
    }

    /// The first option with this code.
    public func option(_ code: DHCPOptionCode) -> [UInt8]? {
        options.first { $0.code == code.rawValue }?.data
    }

    /// Option 53.
    public var messageType: DHCPMessageType? {
        guard let data = option(.messageType), data.count == 1 else { return nil }
        return DHCPMessageType(rawValue: data[0])
    }

    /// The client's MAC address when the hardware is Ethernet.
    public var clientMAC: MACAddress? {
        guard htype == 1, hlen == 6, chaddr.count >= 6 else { return nil }
        return MACAddress(bytes: Array(chaddr[0 ..< 6]))
    }
}

/// One option: code, then up to 255 bytes of data.
public struct DHCPOption: Hashable, Sendable {
    public var code: UInt8
    public var data: [UInt8]

    public init(_ code: UInt8, _ data: [UInt8]) {
        self.code = code
        self.data = data
    }

    public init(_ code: DHCPOptionCode, _ data: [UInt8]) {
        self.init(code.rawValue, data)
    }
}

/// The option codes ProxyDHCP reads or writes.
public enum DHCPOptionCode: UInt8, Sendable {
    case pad = 0
    case vendorSpecific = 43
    case requestedAddress = 50
    case messageType = 53
    case serverIdentifier = 54
    case vendorClass = 60
    case bootFileName = 67
    case userClass = 77
    case clientArchitecture = 93
    case clientNetworkInterface = 94
    case clientUUID = 97
    /// iPXE's encapsulated options; its presence alone says "this is iPXE".
    case ipxeEncapsulated = 175
    case end = 255
}

/// Option 53 values (RFC 2132 section 9.6).
public enum DHCPMessageType: UInt8, Sendable {
    case discover = 1, offer, request, decline, ack, nak, release, inform
}

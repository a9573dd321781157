import Domain
import NIOCore

extension DHCPPacket {
    static let magicCookie: UInt32 = 0x6382_5363
    /// Size of the fixed header plus the magic cookie.
    static let headerSize = 240
    /// BOOTP's minimum message: some PXE ROMs drop shorter replies, so replies are padded to it.
    static let minimumSize = 300

    /// Decodes a datagram; nil when it is too short, lacks the magic cookie or has a truncated option.
    public init?(decoding buffer: ByteBuffer) {
        var b = buffer
        guard b.readableBytes >= Self.headerSize,
              let op = b.readInteger(as: UInt8.self), let htype = b.readInteger(as: UInt8.self),
              let hlen = b.readInteger(as: UInt8.self), let hops = b.readInteger(as: UInt8.self),
              let xid = b.readInteger(as: UInt32.self), let secs = b.readInteger(as: UInt16.self),
              let flags = b.readInteger(as: UInt16.self), let ciaddr = b.readInteger(as: UInt32.self),
              let yiaddr = b.readInteger(as: UInt32.self), let siaddr = b.readInteger(as: UInt32.self),
              let giaddr = b.readInteger(as: UInt32.self), let chaddr = b.readBytes(length: 16),
              let sname = b.readBytes(length: 64), let file = b.readBytes(length: 128),
              b.readInteger(as: UInt32.self) == Self.magicCookie,
              let options = Self.readOptions(&b) else { return nil }
        self.init(op: op, xid: xid, chaddr: chaddr, options: options)
        self.htype = htype
        self.hlen = hlen
        self.hops = hops
        self.secs = secs
        self.flags = flags
        self.ciaddr = IPv4Address(value: ciaddr)
        self.yiaddr = IPv4Address(value: yiaddr)
        self.siaddr = IPv4Address(value: siaddr)
        self.giaddr = IPv4Address(value: giaddr)
        self.sname = Self.string(sname)
        self.file = Self.string(file)
    }

    /// Encodes the packet, ending the options with 255 and padding to 300 bytes.
    /// - Throws: `ProxyDHCPError.fieldTooLong` when sname, file or an option does not fit.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws(ProxyDHCPError) -> ByteBuffer {
        guard sname.utf8.count < 64 else { throw .fieldTooLong("sname", sname) }
        // 127 bytes, so the field always keeps a terminating NUL (some ROMs need it).
        guard file.utf8.count < 128 else { throw .fieldTooLong("file", file) }
        if let long = options.first(where: { $0.data.count > 255 }) { throw .fieldTooLong("option \(long.code)", "") }
        var b = allocator.buffer(capacity: Self.minimumSize)
        b.writeInteger(op)
        b.writeInteger(htype)
        b.writeInteger(hlen)
        b.writeInteger(hops)
        b.writeInteger(xid)
        b.writeInteger(secs)
        b.writeInteger(flags)
        for address in [ciaddr, yiaddr, siaddr, giaddr] { b.writeInteger(address.value) }
        Self.writePadded(chaddr, size: 16, into: &b)
        Self.writePadded(Array(sname.utf8), size: 64, into: &b)
        Self.writePadded(Array(file.utf8), size: 128, into: &b)
        b.writeInteger(Self.magicCookie)
        for option in options {
            b.writeInteger(option.code)
            b.writeInteger(UInt8(option.data.count))
            b.writeBytes(option.data)
        }
        b.writeInteger(DHCPOptionCode.end.rawValue)
        if b.readableBytes < Self.minimumSize { b.writeRepeatingByte(0, count: Self.minimumSize - b.readableBytes) }
        return b
    }

    private static func readOptions(_ b: inout ByteBuffer) -> [DHCPOption]? {
        var options: [DHCPOption] = []
        while let code = b.readInteger(as: UInt8.self) {
            if code == DHCPOptionCode.pad.rawValue { continue }
            if code == DHCPOptionCode.end.rawValue { return options }
            guard let length = b.readInteger(as: UInt8.self), let data = b.readBytes(length: Int(length)) else { return nil }
            options.append(DHCPOption(code, data))
        }
        // No end option: tolerated (some clients stop at the last option), as long as nothing was cut.
        return options
    }

    private static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    }

    private static func writePadded(_ bytes: [UInt8], size: Int, into b: inout ByteBuffer) {
        b.writeBytes(bytes.prefix(size))
        if bytes.count < size { b.writeRepeatingByte(0, count: size - bytes.count) }
    }
}

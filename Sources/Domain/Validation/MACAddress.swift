/// An Ethernet MAC address. Parses `aa:bb:cc:dd:ee:ff`, `aa-bb-cc-dd-ee-ff` and `aabbccddeeff`
/// (any case); prints canonical lowercase with colons.
public struct MACAddress: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 6 else { return nil }
        self.bytes = bytes
    }

    public init?(_ text: String) {
        var hex: [UInt8] = []
        let utf8 = Array(text.utf8)
        switch utf8.count {
        case 12:
            hex = utf8
        case 17:
            let sep = utf8[2]
            guard sep == UInt8(ascii: ":") || sep == UInt8(ascii: "-") else { return nil }
            for (i, c) in utf8.enumerated() {
                if i % 3 == 2 {
                    guard c == sep else { return nil }
                } else {
                    hex.append(c)
                }
            }
        default:
            return nil
        }
        var out: [UInt8] = []
        out.reserveCapacity(6)
        var i = 0
        while i < 12 {
            guard let hi = Self.nibble(hex[i]), let lo = Self.nibble(hex[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self.bytes = out
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static let digits = Array("0123456789abcdef")

    private func hex(separator: String) -> String {
        bytes.map { String([Self.digits[Int($0 >> 4)], Self.digits[Int($0 & 0xF)]]) }.joined(separator: separator)
    }

    /// `aa:bb:cc:dd:ee:ff`
    public var description: String { hex(separator: ":") }
    /// `aabbccddeeff`: iPXE's `${mac:hexraw}`, used in file names and IQNs.
    public var hexraw: String { hex(separator: "") }
    /// `aa-bb-cc-dd-ee-ff`: the form PXELINUX-style file names use.
    public var hyphenated: String { hex(separator: "-") }

    public static func < (a: MACAddress, b: MACAddress) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let mac = MACAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid MAC address"))
        }
        self = mac
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

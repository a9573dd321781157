/// The header in front of every Thrift call, reply or exception.
///
/// ```
/// strict:     0x80 0x01 0x00 type | i32 name length | name | i32 seqid
/// non-strict: i32 name length | name | type byte | i32 seqid      (old clients)
/// ```
/// A strict header's first word is negative, a non-strict one's is the (positive) name length:
/// that is how the two are told apart.
public struct ThriftMessageHeader: Sendable, Hashable {
    public var name: String
    public var type: ThriftMessageType
    public var sequenceID: Int32
    /// Whether the header was (or will be) written in the strict, versioned form.
    public var strict: Bool

    static let versionMask: UInt32 = 0xFFFF_0000
    static let version1: UInt32 = 0x8001_0000

    public init(name: String, type: ThriftMessageType, sequenceID: Int32, strict: Bool = true) {
        self.name = name
        self.type = type
        self.sequenceID = sequenceID
        self.strict = strict
    }
}

extension ThriftReader {
    /// Reads a strict or non-strict message header.
    public mutating func readMessageHeader() throws(ThriftError) -> ThriftMessageHeader {
        let first = try readI32()
        if first < 0 {
            let word = UInt32(bitPattern: first)
            guard word & ThriftMessageHeader.versionMask == ThriftMessageHeader.version1 else {
                throw .badHeader("version 0x\(String(word & ThriftMessageHeader.versionMask, radix: 16)) is not 0x80010000")
            }
            guard let type = ThriftMessageType(rawValue: UInt8(word & 0xFF)) else {
                throw .badHeader("message type \(word & 0xFF) is not 1 to 4")
            }
            let name = try readString()
            return ThriftMessageHeader(name: name, type: type, sequenceID: try readI32(), strict: true)
        }
        guard Int(first) <= limits.maxStringSize else {
            throw .sizeLimit(what: "method name", size: Int(first), limit: limits.maxStringSize)
        }
        let name = String(decoding: try take(Int(first)), as: UTF8.self)
        let rawType = UInt8(bitPattern: try readByte())
        guard let type = ThriftMessageType(rawValue: rawType) else {
            throw .badHeader("message type \(rawType) is not 1 to 4")
        }
        return ThriftMessageHeader(name: name, type: type, sequenceID: try readI32(), strict: false)
    }
}

extension ThriftWriter {
    public mutating func writeMessageHeader(_ header: ThriftMessageHeader) {
        if header.strict {
            writeI32(Int32(bitPattern: ThriftMessageHeader.version1 | UInt32(header.type.rawValue)))
            writeString(header.name)
        } else {
            writeString(header.name)
            writeByte(Int8(bitPattern: header.type.rawValue))
        }
        writeI32(header.sequenceID)
    }
}

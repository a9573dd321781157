/// Reads Thrift binary protocol values from bytes, enforcing `ThriftLimits`.
///
/// Running out of input throws `ThriftError.truncated(needed:)` with the total byte count the
/// reader needs, so a streaming caller knows how long to wait before it tries again.
public struct ThriftReader: Sendable {
    public let bytes: [UInt8]
    public private(set) var position: Int
    public let limits: ThriftLimits
    var depth = 0

    public init(_ bytes: [UInt8], limits: ThriftLimits = .default) {
        self.bytes = bytes
        self.position = 0
        self.limits = limits
    }

    public var remaining: Int { bytes.count - position }
    public var isAtEnd: Bool { position >= bytes.count }

    mutating func take(_ n: Int) throws(ThriftError) -> ArraySlice<UInt8> {
        guard n <= remaining else { throw .truncated(needed: position + n) }
        defer { position += n }
        return bytes[position..<position + n]
    }

    mutating func readBigEndian(_ n: Int) throws(ThriftError) -> UInt64 {
        var v: UInt64 = 0
        for b in try take(n) { v = v << 8 | UInt64(b) }
        return v
    }

    public mutating func readBool() throws(ThriftError) -> Bool { try take(1).first != 0 }
    public mutating func readByte() throws(ThriftError) -> Int8 { Int8(bitPattern: UInt8(try readBigEndian(1))) }
    public mutating func readI16() throws(ThriftError) -> Int16 { Int16(bitPattern: UInt16(try readBigEndian(2))) }
    public mutating func readI32() throws(ThriftError) -> Int32 { Int32(bitPattern: UInt32(try readBigEndian(4))) }
    public mutating func readI64() throws(ThriftError) -> Int64 { Int64(bitPattern: try readBigEndian(8)) }
    public mutating func readDouble() throws(ThriftError) -> Double { Double(bitPattern: try readBigEndian(8)) }

    /// A `string` or `binary` as raw bytes (never decoded: the prototype broke on bytes >= 0x80).
    public mutating func readBinary() throws(ThriftError) -> [UInt8] {
        let size = try readSize("string", limit: limits.maxStringSize)
        return Array(try take(size))
    }

    /// A `string` decoded as UTF-8; invalid sequences become U+FFFD instead of failing.
    public mutating func readString() throws(ThriftError) -> String {
        String(decoding: try readBinary(), as: UTF8.self)
    }

    public mutating func readType() throws(ThriftError) -> ThriftType {
        let raw = UInt8(try readBigEndian(1))
        guard let t = ThriftType(rawValue: raw) else { throw .unknownType(raw) }
        return t
    }

    /// The header of the next field, or nil at the struct's stop byte.
    public mutating func readFieldBegin() throws(ThriftError) -> (type: ThriftType, id: Int16)? {
        let t = try readType()
        if t == .stop { return nil }
        return (t, try readI16())
    }

    public mutating func readListBegin() throws(ThriftError) -> (element: ThriftType, count: Int) {
        let t = try readType()
        return (t, try readSize("list", limit: limits.maxContainerCount))
    }

    public mutating func readMapBegin() throws(ThriftError) -> (key: ThriftType, value: ThriftType, count: Int) {
        let k = try readType()
        let v = try readType()
        return (k, v, try readSize("map", limit: limits.maxContainerCount))
    }

    /// Enters a struct or container; throws past `limits.maxDepth`. Pair with `leave()`.
    public mutating func enter() throws(ThriftError) {
        depth += 1
        guard depth <= limits.maxDepth else { throw .depthLimit(limits.maxDepth) }
    }

    public mutating func leave() { depth -= 1 }

    mutating func readSize(_ what: String, limit: Int) throws(ThriftError) -> Int {
        let raw = try readI32()
        guard raw >= 0 else { throw .negativeSize(what: what, size: raw) }
        guard Int(raw) <= limit else { throw .sizeLimit(what: what, size: Int(raw), limit: limit) }
        return Int(raw)
    }
}

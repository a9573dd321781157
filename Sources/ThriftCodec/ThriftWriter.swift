/// Writes Thrift binary protocol values (big-endian) into a byte array.
///
/// ```
/// field:   +------+---------+-------+
///          | type | id i16  | value |
///          +------+---------+-------+
/// string:  i32 length, bytes        list: type byte, i32 count, elements
/// map:     key type, value type, i32 count, pairs       struct: fields…, 0 (stop)
/// ```
public struct ThriftWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func writeBool(_ v: Bool) { bytes.append(v ? 1 : 0) }
    public mutating func writeByte(_ v: Int8) { bytes.append(UInt8(bitPattern: v)) }
    public mutating func writeI16(_ v: Int16) { appendBigEndian(UInt64(UInt16(bitPattern: v)), count: 2) }
    public mutating func writeI32(_ v: Int32) { appendBigEndian(UInt64(UInt32(bitPattern: v)), count: 4) }
    public mutating func writeI64(_ v: Int64) { appendBigEndian(UInt64(bitPattern: v), count: 8) }
    public mutating func writeDouble(_ v: Double) { appendBigEndian(v.bitPattern, count: 8) }

    /// A Thrift `string` or `binary`: i32 length, then the raw bytes.
    public mutating func writeBinary(_ v: [UInt8]) {
        writeI32(Int32(clamping: v.count))
        bytes.append(contentsOf: v)
    }

    public mutating func writeString(_ v: String) { writeBinary(Array(v.utf8)) }

    public mutating func writeFieldBegin(_ type: ThriftType, id: Int16) {
        bytes.append(type.rawValue)
        writeI16(id)
    }

    public mutating func writeFieldStop() { bytes.append(ThriftType.stop.rawValue) }

    public mutating func writeListBegin(_ element: ThriftType, count: Int) {
        bytes.append(element.rawValue)
        writeI32(Int32(clamping: count))
    }

    public mutating func writeMapBegin(key: ThriftType, value: ThriftType, count: Int) {
        bytes.append(key.rawValue)
        bytes.append(value.rawValue)
        writeI32(Int32(clamping: count))
    }

    /// Appends bytes produced elsewhere (a nested serialized struct).
    public mutating func writeRaw(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }

    private mutating func appendBigEndian(_ v: UInt64, count: Int) {
        for i in stride(from: count - 1, through: 0, by: -1) {
            bytes.append(UInt8(truncatingIfNeeded: v >> (UInt64(i) * 8)))
        }
    }
}

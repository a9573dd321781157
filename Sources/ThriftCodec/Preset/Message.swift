/// `Message`: what dbc sends in `handleMessage`.
///
/// Only `type` is enforced on reading: clients send version 0x01000001 that nobody checks, and a
/// missing body is read as empty (PING and the GET_* types carry none).
public struct Message: ThriftStruct, Hashable {
    /// The version dbc clients send.
    public static let clientVersion: Int32 = 0x0100_0001

    public var version: Int32
    public var type: Int32
    /// A request struct serialized with the binary protocol, carried as raw bytes.
    public var body: [UInt8]
    /// The machine's name.
    public var host: String?

    public init(version: Int32 = Message.clientVersion, type: Int32, body: [UInt8] = [], host: String? = nil) {
        self.version = version
        self.type = type
        self.body = body
        self.host = host
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        var version: Int32 = 0, type: Int32?, body: [UInt8] = [], host: String?
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .i32: version = try reader.readI32()
            case 2 where field.type == .i32: type = try reader.readI32()
            case 3 where field.type == .string: body = try reader.readBinary()
            case 4 where field.type == .string: host = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
        guard let type else { throw .invalidField("message.type is required") }
        self.init(version: version, type: type, body: body, host: host)
    }

    public func write(to writer: inout ThriftWriter) {
        writer.writeFieldBegin(.i32, id: 1)
        writer.writeI32(version)
        writer.writeFieldBegin(.i32, id: 2)
        writer.writeI32(type)
        writer.writeFieldBegin(.string, id: 3)
        writer.writeBinary(body)
        if let host {
            writer.writeFieldBegin(.string, id: 4)
            writer.writeString(host)
        }
        writer.writeFieldStop()
    }
}

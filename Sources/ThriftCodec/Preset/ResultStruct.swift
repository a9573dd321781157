/// `ResultStruct`: the answer to `handleMessage`. `message` is raw bytes: either text ("pong") or
/// a serialized response struct.
public struct ResultStruct: ThriftStruct, Hashable {
    public var code: Int32
    public var message: [UInt8]

    public init(code: Int32, message: [UInt8]) {
        self.code = code
        self.message = message
    }

    public init(code: Int32, text: String) { self.init(code: code, message: Array(text.utf8)) }

    public init(code: Int32, payload: some ThriftStruct) { self.init(code: code, message: payload.serialized()) }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        var code: Int32?, message: [UInt8]?
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .i32: code = try reader.readI32()
            case 2 where field.type == .string: message = try reader.readBinary()
            default: try reader.skip(field.type)
            }
        }
        guard let code else { throw .invalidField("resultstruct.code is required") }
        self.init(code: code, message: message ?? [])
    }

    public func write(to writer: inout ThriftWriter) {
        writer.writeFieldBegin(.i32, id: 1)
        writer.writeI32(code)
        writer.writeFieldBegin(.string, id: 2)
        writer.writeBinary(message)
        writer.writeFieldStop()
    }
}

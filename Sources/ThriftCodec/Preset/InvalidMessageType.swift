/// exception `InvalidMessageType`: thrown by `handleMessage` for a type the server does not know.
public struct InvalidMessageType: ThriftStruct, Hashable, Error {
    public var whatType: Int32?
    public var why: String?

    public init(whatType: Int32? = nil, why: String? = nil) {
        self.whatType = whatType
        self.why = why
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .i32: whatType = try reader.readI32()
            case 2 where field.type == .string: why = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let whatType { writer.writeFieldBegin(.i32, id: 1); writer.writeI32(whatType) }
        if let why { writer.writeFieldBegin(.string, id: 2); writer.writeString(why) }
        writer.writeFieldStop()
    }
}

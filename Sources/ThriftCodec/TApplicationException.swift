/// The exception every Thrift server may answer with (message type EXCEPTION): struct
/// `{1: string message, 2: i32 type}`.
public struct TApplicationException: ThriftStruct, Hashable, Error {
    /// The standard kinds, numbered as in every Thrift library.
    public enum Kind: Int32, Sendable, Hashable {
        case unknown = 0
        case unknownMethod = 1
        case invalidMessageType = 2
        case wrongMethodName = 3
        case badSequenceID = 4
        case missingResult = 5
        case internalError = 6
        case protocolError = 7
    }

    public var message: String
    public var kind: Int32

    public init(_ kind: Kind, _ message: String) {
        self.message = message
        self.kind = kind.rawValue
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        var message = "", kind: Int32 = 0
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .string: message = try reader.readString()
            case 2 where field.type == .i32: kind = try reader.readI32()
            default: try reader.skip(field.type)
            }
        }
        self.message = message
        self.kind = kind
    }

    public func write(to writer: inout ThriftWriter) {
        writer.writeFieldBegin(.string, id: 1)
        writer.writeString(message)
        writer.writeFieldBegin(.i32, id: 2)
        writer.writeI32(kind)
        writer.writeFieldStop()
    }
}

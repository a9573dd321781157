/// `HostInfo`: body of SET_HOST_INFO and reply of GET_HOST_INFO (agent side).
public struct HostInfo: ThriftStruct, Hashable {
    public var hostName: String?
    public var ipAddress: String?

    public init(hostName: String? = nil, ipAddress: String? = nil) {
        self.hostName = hostName
        self.ipAddress = ipAddress
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .string: hostName = try reader.readString()
            case 2 where field.type == .string: ipAddress = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let hostName {
            writer.writeFieldBegin(.string, id: 1)
            writer.writeString(hostName)
        }
        if let ipAddress {
            writer.writeFieldBegin(.string, id: 2)
            writer.writeString(ipAddress)
        }
        writer.writeFieldStop()
    }
}

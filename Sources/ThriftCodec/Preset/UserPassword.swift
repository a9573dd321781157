/// `UserPassword`: body of SET_USER_PASSWORD ("change password"), forwarded to the agent.
public struct UserPassword: ThriftStruct, Hashable {
    public var userName: String?
    public var password: String?

    public init(userName: String? = nil, password: String? = nil) {
        self.userName = userName
        self.password = password
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .string: userName = try reader.readString()
            case 2 where field.type == .string: password = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let userName {
            writer.writeFieldBegin(.string, id: 1)
            writer.writeString(userName)
        }
        if let password {
            writer.writeFieldBegin(.string, id: 2)
            writer.writeString(password)
        }
        writer.writeFieldStop()
    }
}

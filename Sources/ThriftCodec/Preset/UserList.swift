/// `UserList`: reply of GET_USER_LIST (agent side).
public struct UserList: ThriftStruct, Hashable {
    public var users: [String]?

    public init(users: [String]? = nil) { self.users = users }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .list: users = try reader.readStringList()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let users {
            writer.writeFieldBegin(.list, id: 1)
            writer.writeStringList(users)
        }
        writer.writeFieldStop()
    }
}

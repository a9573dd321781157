/// `BootMenuList`: reply of GET_BOOT_MENU, the boot items' names.
public struct BootMenuList: ThriftStruct, Hashable {
    public var menus: [String]?

    public init(menus: [String]? = nil) { self.menus = menus }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .list: menus = try reader.readStringList()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let menus {
            writer.writeFieldBegin(.list, id: 1)
            writer.writeStringList(menus)
        }
        writer.writeFieldStop()
    }
}

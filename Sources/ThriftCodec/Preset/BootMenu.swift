/// `BootMenu`: body of SET_BOOT_MENU ("set OS"): the boot item's name and the super-workstation flag.
public struct BootMenu: ThriftStruct, Hashable {
    public var menu: String?
    public var superTube: Bool?

    public init(menu: String? = nil, superTube: Bool? = nil) {
        self.menu = menu
        self.superTube = superTube
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .string: menu = try reader.readString()
            case 2 where field.type == .bool: superTube = try reader.readBool()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let menu {
            writer.writeFieldBegin(.string, id: 1)
            writer.writeString(menu)
        }
        if let superTube {
            writer.writeFieldBegin(.bool, id: 2)
            writer.writeBool(superTube)
        }
        writer.writeFieldStop()
    }
}

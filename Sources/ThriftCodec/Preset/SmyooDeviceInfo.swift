/// `SmyooDeviceInfo`: reply of GET_SMYOO_DEVICE_INFO (named after the prototype's smart plugs).
public struct SmyooDeviceInfo: ThriftStruct, Hashable {
    public var mcuname: String?
    public var note: String?
    /// 1 when the machine is online, else 0.
    public var isonline: Int32?
    /// 1 on, 0 off, -1 unknown.
    public var power: Int32?
    public var mcuid: String?

    public init(mcuname: String? = nil, note: String? = nil, isonline: Int32? = nil, power: Int32? = nil,
                mcuid: String? = nil) {
        self.mcuname = mcuname
        self.note = note
        self.isonline = isonline
        self.power = power
        self.mcuid = mcuid
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .string: mcuname = try reader.readString()
            case 2 where field.type == .string: note = try reader.readString()
            case 3 where field.type == .i32: isonline = try reader.readI32()
            case 4 where field.type == .i32: power = try reader.readI32()
            case 5 where field.type == .string: mcuid = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let mcuname { writer.writeFieldBegin(.string, id: 1); writer.writeString(mcuname) }
        if let note { writer.writeFieldBegin(.string, id: 2); writer.writeString(note) }
        if let isonline { writer.writeFieldBegin(.i32, id: 3); writer.writeI32(isonline) }
        if let power { writer.writeFieldBegin(.i32, id: 4); writer.writeI32(power) }
        if let mcuid { writer.writeFieldBegin(.string, id: 5); writer.writeString(mcuid) }
        writer.writeFieldStop()
    }
}

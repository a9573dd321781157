/// `SmyooDevicePowerData`: body of SET_SMYOO_DEVICE_POWER. `status` 1 switches on, 0 off.
public struct SmyooDevicePowerData: ThriftStruct, Hashable {
    public var status: Int32?
    public var mcuid: String?
    public var mcuname: String?

    public init(status: Int32? = nil, mcuid: String? = nil, mcuname: String? = nil) {
        self.status = status
        self.mcuid = mcuid
        self.mcuname = mcuname
    }

    public init(from reader: inout ThriftReader) throws(ThriftError) {
        self.init()
        while let field = try reader.readFieldBegin() {
            switch field.id {
            case 1 where field.type == .i32: status = try reader.readI32()
            case 2 where field.type == .string: mcuid = try reader.readString()
            case 3 where field.type == .string: mcuname = try reader.readString()
            default: try reader.skip(field.type)
            }
        }
    }

    public func write(to writer: inout ThriftWriter) {
        if let status { writer.writeFieldBegin(.i32, id: 1); writer.writeI32(status) }
        if let mcuid { writer.writeFieldBegin(.string, id: 2); writer.writeString(mcuid) }
        if let mcuname { writer.writeFieldBegin(.string, id: 3); writer.writeString(mcuname) }
        writer.writeFieldStop()
    }
}

/// An answer of the `Preset` service, encoded after a header that mirrors the call's.
public enum PresetReply: Sendable, Hashable {
    /// `ping` → `{0: string success}`.
    case pong(String)
    /// `handleMessage` → `{0: ResultStruct success}`.
    case result(ResultStruct)
    /// `handleMessage` → `{1: InvalidMessageType e}`.
    case invalidMessageType(InvalidMessageType)
    /// Message type EXCEPTION with a TApplicationException body.
    case applicationException(TApplicationException)

    /// The whole message: header (strict or not, like the call) + result struct.
    public func encode(name: String, sequenceID: Int32, strict: Bool = true) -> [UInt8] {
        var w = ThriftWriter()
        let type: ThriftMessageType = if case .applicationException = self { .exception } else { .reply }
        w.writeMessageHeader(ThriftMessageHeader(name: name, type: type, sequenceID: sequenceID, strict: strict))
        switch self {
        case .pong(let text):
            w.writeFieldBegin(.string, id: 0)
            w.writeString(text)
            w.writeFieldStop()
        case .result(let result):
            w.writeFieldBegin(.struct, id: 0)
            result.write(to: &w)
            w.writeFieldStop()
        case .invalidMessageType(let e):
            w.writeFieldBegin(.struct, id: 1)
            e.write(to: &w)
            w.writeFieldStop()
        case .applicationException(let e):
            e.write(to: &w)
        }
        return w.bytes
    }

    /// Decodes a reply message (client side: the agent client reads the agent's answers).
    public static func decode(_ bytes: [UInt8], limits: ThriftLimits = .default) throws(ThriftError) -> (ThriftMessageHeader, PresetReply) {
        var reader = ThriftReader(bytes, limits: limits)
        let header = try reader.readMessageHeader()
        if header.type == .exception {
            return (header, .applicationException(try TApplicationException.read(from: &reader)))
        }
        guard header.type == .reply else { throw .badHeader("message type \(header.type.rawValue) is not a reply") }
        try reader.enter()
        var reply: PresetReply?
        while let field = try reader.readFieldBegin() {
            switch (field.id, field.type) {
            case (0, .string): reply = .pong(try reader.readString())
            case (0, .struct): reply = .result(try ResultStruct.read(from: &reader))
            case (1, .struct): reply = .invalidMessageType(try InvalidMessageType.read(from: &reader))
            default: try reader.skip(field.type)
            }
        }
        reader.leave()
        guard let reply else { throw .invalidField("reply to \(header.name) has no result") }
        return (header, reply)
    }

    /// The call of `method` as a client sends it (header + args struct).
    public static func encodeCall(_ method: PresetCall.Method, sequenceID: Int32, strict: Bool = true) -> [UInt8] {
        var w = ThriftWriter()
        let name: String
        switch method {
        case .ping: name = "ping"
        case .handleMessage: name = "handleMessage"
        case .unknown(let n): name = n
        }
        w.writeMessageHeader(ThriftMessageHeader(name: name, type: .call, sequenceID: sequenceID, strict: strict))
        if case .handleMessage(let message) = method {
            w.writeFieldBegin(.struct, id: 1)
            message.write(to: &w)
        }
        w.writeFieldStop()
        return w.bytes
    }
}

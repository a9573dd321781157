/// A decoded call of the `Preset` service: `ping()` or `handleMessage(1: Message msg)`.
public struct PresetCall: Sendable, Hashable {
    public enum Method: Sendable, Hashable {
        case ping
        case handleMessage(Message)
        /// A method the service does not have; answered with TApplicationException UNKNOWN_METHOD.
        case unknown(String)
    }

    public var header: ThriftMessageHeader
    public var method: Method

    public init(header: ThriftMessageHeader, method: Method) {
        self.header = header
        self.method = method
    }

    /// Why a message could not be decoded; `header` is set when the header itself was readable,
    /// so the answer can carry the caller's method name and sequence id.
    public struct DecodeFailure: Error, Sendable, Hashable {
        public var header: ThriftMessageHeader?
        public var error: ThriftError
    }

    /// Decodes one complete message (no frame prefix).
    public static func decode(_ bytes: [UInt8], limits: ThriftLimits = .default) throws(DecodeFailure) -> PresetCall {
        var reader = ThriftReader(bytes, limits: limits)
        let header: ThriftMessageHeader
        do { header = try reader.readMessageHeader() } catch { throw DecodeFailure(header: nil, error: error) }
        do throws(ThriftError) {
            guard header.type == .call || header.type == .oneway else {
                throw ThriftError.badHeader("message type \(header.type.rawValue) is not a call")
            }
            let method: Method
            switch header.name {
            case "ping":
                try reader.skip(.struct)
                method = .ping
            case "handleMessage":
                try reader.enter()
                var message: Message?
                while let field = try reader.readFieldBegin() {
                    if field.id == 1, field.type == .struct {
                        message = try Message.read(from: &reader)
                    } else {
                        try reader.skip(field.type)
                    }
                }
                reader.leave()
                guard let message else { throw ThriftError.invalidField("handlemessage.msg is required") }
                method = .handleMessage(message)
            default:
                try reader.skip(.struct)
                method = .unknown(header.name)
            }
            return PresetCall(header: header, method: method)
        } catch {
            throw DecodeFailure(header: header, error: error)
        }
    }
}

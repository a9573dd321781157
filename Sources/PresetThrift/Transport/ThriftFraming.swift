import ThriftCodec

extension ThriftTransport {
    /// The bytes to send for one message on this transport (a length prefix when framed).
    public func wrap(_ message: [UInt8]) -> [UInt8] {
        switch self {
        case .buffered:
            return message
        case .framed:
            var w = ThriftWriter()
            w.writeI32(Int32(clamping: message.count))
            w.writeRaw(message)
            return w.bytes
        }
    }
}

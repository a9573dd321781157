/// Finds where one message ends in a buffered (unframed) stream: the header, then one struct.
/// Buffered transport has no length prefix, so the only way to know is to walk the message.
public enum ThriftMessageScanner {
    /// The byte length of the complete message at the start of `bytes`.
    /// - Throws: `ThriftError.truncated(needed:)` when more bytes must arrive first; any other
    ///   `ThriftError` when the bytes can never become a valid message.
    public static func messageLength(in bytes: [UInt8], limits: ThriftLimits = .default) throws(ThriftError) -> Int {
        var reader = ThriftReader(bytes, limits: limits)
        do {
            _ = try reader.readMessageHeader()
            try reader.skip(.struct)
        } catch .truncated(let needed) {
            guard needed <= limits.maxMessageSize else {
                throw .sizeLimit(what: "message", size: needed, limit: limits.maxMessageSize)
            }
            throw .truncated(needed: needed)
        }
        guard reader.position <= limits.maxMessageSize else {
            throw .sizeLimit(what: "message", size: reader.position, limit: limits.maxMessageSize)
        }
        return reader.position
    }
}

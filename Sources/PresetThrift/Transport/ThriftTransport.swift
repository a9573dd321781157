/// How a peer frames its messages on one TCP connection.
public enum ThriftTransport: Sendable, Hashable {
    /// Messages back to back, no length prefix (what dbc and the prototype use).
    case buffered
    /// Each message after a 4-byte big-endian length.
    case framed
}

/// What the frame decoder hands to the connection loop.
public enum ThriftInbound: Sendable, Hashable {
    /// One complete message (header + struct), without any frame prefix.
    case message([UInt8], ThriftTransport)
    /// Input that can never become a message; the connection answers once and closes.
    case malformed(String, ThriftTransport?)
}

/// Bounds a hostile peer cannot push the decoder past. Preset messages are a few hundred bytes,
/// so the defaults are generous and still keep one connection's memory small.
public struct ThriftLimits: Sendable, Hashable {
    /// Largest frame (framed transport) or whole message (buffered transport), in bytes.
    public var maxMessageSize: Int
    /// Largest string or binary, in bytes.
    public var maxStringSize: Int
    /// Largest list, set or map, in elements.
    public var maxContainerCount: Int
    /// Deepest nesting of structs and containers.
    public var maxDepth: Int

    public init(maxMessageSize: Int = 1 << 20, maxStringSize: Int = 1 << 20, maxContainerCount: Int = 10_000,
                maxDepth: Int = 32) {
        self.maxMessageSize = maxMessageSize
        self.maxStringSize = maxStringSize
        self.maxContainerCount = maxContainerCount
        self.maxDepth = maxDepth
    }

    public static let `default` = ThriftLimits()
}

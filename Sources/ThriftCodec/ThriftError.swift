/// What went wrong while reading Thrift bytes. Every case names the offending value.
public enum ThriftError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The input ended early; at least `needed` bytes in total are required to go on.
    case truncated(needed: Int)
    /// A string, list or frame announced a size beyond the configured limit.
    case sizeLimit(what: String, size: Int, limit: Int)
    /// A negative size on the wire.
    case negativeSize(what: String, size: Int32)
    /// A type byte that is not a Thrift type.
    case unknownType(UInt8)
    /// Structs, lists or maps nested deeper than the limit.
    case depthLimit(Int)
    /// A strict header with a version other than 1, or a message type outside 1…4.
    case badHeader(String)
    /// A field had the right id but the wrong type, or a required field was missing.
    case invalidField(String)

    public var description: String {
        switch self {
        case .truncated(let needed): "input truncated: \(needed) bytes needed"
        case .sizeLimit(let what, let size, let limit): "\(what) size \(size) exceeds the limit \(limit)"
        case .negativeSize(let what, let size): "\(what) size \(size) is negative"
        case .unknownType(let t): "unknown thrift type \(t)"
        case .depthLimit(let d): "nesting deeper than \(d)"
        case .badHeader(let why): "bad message header: \(why)"
        case .invalidField(let why): "invalid field: \(why)"
        }
    }
}

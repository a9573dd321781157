/// The type tags of the Thrift binary protocol, as they appear on the wire (one byte).
///
/// `void` (1) never appears inside a struct; `uuid` (16) is recent but still must be skippable.
public enum ThriftType: UInt8, Sendable, Hashable, CaseIterable {
    case stop = 0
    case void = 1
    case bool = 2
    case byte = 3
    case double = 4
    case i16 = 6
    case i32 = 8
    case i64 = 10
    case string = 11
    case `struct` = 12
    case map = 13
    case set = 14
    case list = 15
    case uuid = 16
}

/// The kind of a Thrift message (the low byte of a strict header's first word).
public enum ThriftMessageType: UInt8, Sendable, Hashable, CaseIterable {
    case call = 1
    case reply = 2
    case exception = 3
    case oneway = 4
}

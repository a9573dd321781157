import ThriftCodec

/// Splits a byte stream into Thrift messages and detects the transport from the first bytes.
/// Pure: the NIO decoder feeds it bytes and acts on the returned `Action`.
///
/// Detection (8 bytes are enough for any real message):
/// ```
/// 80 01 00 01 …                 buffered, strict header (first word negative)
/// 00 00 00 1d 80 01 00 01 …     framed: a plausible length, then a strict header
/// 00 00 00 15 00 00 00 04 …     framed: a plausible length, then a non-strict name length
/// 00 00 00 04 70 69 6e 67 …     buffered, non-strict: name length 4, then "ping"
/// ```
/// A non-strict name starts with a printable byte, so read as a length it is at least
/// 0x20000000: larger than any frame allowed, which is what makes the two cases distinct.
public struct ThriftFrameParser: Sendable {
    public enum Action: Sendable, Hashable {
        case needMore
        /// A message of `consumed` bytes of input (prefix included) is complete.
        case message([UInt8], consumed: Int)
        case malformed(String)
    }

    public let limits: ThriftLimits
    public private(set) var transport: ThriftTransport?
    /// Total input length below which parsing cannot succeed (from the last truncation).
    private var needed = 0

    public init(limits: ThriftLimits = .default, transport: ThriftTransport? = nil) {
        self.limits = limits
        self.transport = transport
    }

    /// Looks at the bytes received so far (starting at a message boundary).
    public mutating func next(_ input: [UInt8]) -> Action {
        guard input.count >= max(needed, 1) else { return .needMore }
        if transport == nil {
            switch detect(input) {
            case .undecided: return .needMore
            case .transport(let t): transport = t
            case .malformed(let why): return .malformed(why)
            }
        }
        return transport == .framed ? nextFramed(input) : nextBuffered(input)
    }

    private func detect(_ input: [UInt8]) -> Detection {
        guard input.count >= 4 else { return .undecided }
        if input[0] & 0x80 != 0 { return .transport(.buffered) }
        let length = Self.word(input, 0)
        guard length > 0 else { return .malformed("frame or name length \(length) is not positive") }
        guard input.count >= 8 else { return .undecided }
        if input[4] & 0x80 != 0 { return .transport(.framed) }
        let inner = Self.word(input, 4)
        if inner > 0 && inner <= length - 4 { return .transport(.framed) }
        return .transport(.buffered)
    }

    private mutating func nextFramed(_ input: [UInt8]) -> Action {
        guard input.count >= 4 else { return .needMore }
        let length = Self.word(input, 0)
        guard length > 0 else { return .malformed("frame length \(length) is not positive") }
        guard length <= limits.maxMessageSize else {
            return .malformed("frame length \(length) exceeds the limit \(limits.maxMessageSize)")
        }
        guard input.count >= 4 + length else {
            needed = 4 + length
            return .needMore
        }
        needed = 0
        return .message(Array(input[4..<4 + length]), consumed: 4 + length)
    }

    private mutating func nextBuffered(_ input: [UInt8]) -> Action {
        do {
            let length = try ThriftMessageScanner.messageLength(in: input, limits: limits)
            needed = 0
            return .message(Array(input[0..<length]), consumed: length)
        } catch .truncated(let n) {
            needed = n
            return .needMore
        } catch {
            return .malformed(error.description)
        }
    }

    private static func word(_ b: [UInt8], _ at: Int) -> Int {
        Int(Int32(bitPattern: UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3])))
    }

    private enum Detection { case undecided, transport(ThriftTransport), malformed(String) }
}

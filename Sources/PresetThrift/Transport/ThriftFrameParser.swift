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
///
/// Linear in the input: a framed message is waited for by its length, a buffered one is walked
/// by a `ThriftStreamScanner` that resumes where the last read stopped.
public struct ThriftFrameParser: Sendable {
    public enum Action: Sendable, Hashable {
        case needMore
        /// A message of `consumed` bytes of input (prefix included) is complete.
        case message([UInt8], consumed: Int)
        case malformed(String)
    }

    public let limits: ThriftLimits
    public private(set) var transport: ThriftTransport?
    /// Input length below which nothing can complete (a framed message's full length).
    public private(set) var needed = 1
    /// The walk through the buffered message in progress.
    private var scanner: ThriftStreamScanner?

    public init(limits: ThriftLimits = .default, transport: ThriftTransport? = nil) {
        self.limits = limits
        self.transport = transport
    }

    /// Looks at the bytes received so far (starting at a message boundary).
    public mutating func next(_ input: [UInt8]) -> Action { input.withUnsafeBytes { next($0) } }

    /// Looks at the bytes received so far (starting at a message boundary); the bytes before the
    /// last call's end are never looked at again.
    public mutating func next(_ input: UnsafeRawBufferPointer) -> Action {
        guard input.count >= needed else { return .needMore }
        if transport == nil {
            switch detect(input) {
            case .undecided: return .needMore
            case .transport(let t): transport = t
            case .malformed(let why): return .malformed(why)
            }
        }
        return transport == .framed ? nextFramed(input) : nextBuffered(input)
    }

    private func detect(_ input: UnsafeRawBufferPointer) -> Detection {
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

    private mutating func nextFramed(_ input: UnsafeRawBufferPointer) -> Action {
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
        needed = 1
        return .message(Array(input[4..<4 + length]), consumed: 4 + length)
    }

    private mutating func nextBuffered(_ input: UnsafeRawBufferPointer) -> Action {
        var walk = scanner ?? ThriftStreamScanner(limits: limits)
        switch walk.advance(input) {
        case .needMore:
            scanner = walk
            needed = walk.position + 1
            return .needMore
        case .complete(let length):
            scanner = nil
            needed = 1
            return .message(Array(input[0..<length]), consumed: length)
        case .malformed(let why):
            return .malformed(why)
        }
    }

    private static func word(_ b: UnsafeRawBufferPointer, _ at: Int) -> Int {
        Int(ThriftStreamScanner.i32(b, at))
    }

    private enum Detection { case undecided, transport(ThriftTransport), malformed(String) }
}

/// Finds where one message ends in a buffered (unframed) stream, resuming where it stopped:
/// bytes that arrive in small pieces are each looked at once, so a message dripped in 100-byte
/// writes costs time linear in its size (re-walking from the start on every read was quadratic:
/// 4 MB in 100-byte writes cost 23.6 s of CPU).
///
/// The walk is a stack of small steps; a step that needs more bytes than have arrived waits
/// without consuming (each step reads at most 8 bytes, except raw string bytes, which are
/// skipped piece by piece). The stack is bounded by `limits.maxDepth`.
public struct ThriftStreamScanner: Sendable {
    public enum Progress: Sendable, Hashable {
        case needMore
        /// The message is complete and `length` bytes long.
        case complete(length: Int)
        case malformed(String)
    }

    private enum Step: Sendable, Hashable {
        case headerWord
        case string
        case messageType
        case skipBytes(Int)
        case value(ThriftType)
        case fields
        case listHeader
        case mapHeader
        case elements(ThriftType, remaining: Int)
        case pairs(ThriftType, ThriftType, remaining: Int)
    }

    public let limits: ThriftLimits
    /// Bytes of the message walked so far.
    public private(set) var position = 0
    private var steps: [Step] = [.value(.struct), .skipBytes(4), .headerWord]
    private var depth = 0

    public init(limits: ThriftLimits = .default) { self.limits = limits }

    /// Walks on over `bytes` (everything received since the message started).
    public mutating func advance(_ bytes: UnsafeRawBufferPointer) -> Progress {
        while let step = steps.popLast() {
            let available = bytes.count - position
            do {
                guard try run(step, bytes, available) else { return .needMore }
            } catch {
                return .malformed(error.description)
            }
            guard position <= limits.maxMessageSize else {
                return .malformed(ThriftError.sizeLimit(what: "message", size: position, limit: limits.maxMessageSize).description)
            }
        }
        return .complete(length: position)
    }

    public mutating func advance(_ bytes: [UInt8]) -> Progress { bytes.withUnsafeBytes { advance($0) } }

    /// Runs one step; false when it needs more bytes than are `available` (the step, or what is
    /// left of it, is back on the stack).
    private mutating func run(_ step: Step, _ b: UnsafeRawBufferPointer, _ available: Int) throws(ThriftError) -> Bool {
        switch step {
        case .headerWord:
            guard available >= 4 else { return wait(step) }
            let first = Self.i32(b, position)
            position += 4
            if first < 0 {
                let word = UInt32(bitPattern: first)
                guard word & ThriftMessageHeader.versionMask == ThriftMessageHeader.version1 else {
                    throw .badHeader("version 0x\(String(word & ThriftMessageHeader.versionMask, radix: 16)) is not 0x80010000")
                }
                guard ThriftMessageType(rawValue: UInt8(word & 0xFF)) != nil else {
                    throw .badHeader("message type \(word & 0xFF) is not 1 to 4")
                }
                steps.append(.string)
            } else {
                guard Int(first) <= limits.maxStringSize else {
                    throw .sizeLimit(what: "method name", size: Int(first), limit: limits.maxStringSize)
                }
                steps.append(.messageType)
                steps.append(.skipBytes(Int(first)))
            }
        case .string:
            guard available >= 4 else { return wait(step) }
            let size = try Self.size(b, position, "string", limit: limits.maxStringSize)
            position += 4
            try push(.skipBytes(size), bytes: size)
        case .messageType:
            guard available >= 1 else { return wait(step) }
            let raw = b[position]
            guard ThriftMessageType(rawValue: raw) != nil else { throw .badHeader("message type \(raw) is not 1 to 4") }
            position += 1
        case .skipBytes(let n):
            let taken = min(n, available)
            position += taken
            if taken < n {
                steps.append(.skipBytes(n - taken))
                return false
            }
        case .value(let type):
            try value(type)
        case .fields:
            guard available >= 1 else { return wait(step) }
            let type = try Self.type(b[position])
            if type == .stop {
                position += 1
                depth -= 1
                return true
            }
            guard available >= 3 else { return wait(step) }
            position += 3
            steps.append(.fields)
            try value(type)
        case .listHeader:
            guard available >= 5 else { return wait(step) }
            let element = try Self.type(b[position])
            let count = try Self.size(b, position + 1, "list", limit: limits.maxContainerCount)
            position += 5
            steps.append(.elements(element, remaining: count))
        case .mapHeader:
            guard available >= 6 else { return wait(step) }
            let key = try Self.type(b[position]), value = try Self.type(b[position + 1])
            let count = try Self.size(b, position + 2, "map", limit: limits.maxContainerCount)
            position += 6
            steps.append(.pairs(key, value, remaining: count))
        case .elements(let type, let remaining):
            guard remaining > 0 else { depth -= 1; return true }
            steps.append(.elements(type, remaining: remaining - 1))
            try value(type)
        case .pairs(let key, let val, let remaining):
            guard remaining > 0 else { depth -= 1; return true }
            steps.append(.pairs(key, val, remaining: remaining - 1))
            steps.append(.value(val))
            try value(key)
        }
        return true
    }

    private mutating func wait(_ step: Step) -> Bool {
        steps.append(step)
        return false
    }

    /// Schedules skipping one value of `type` (what `ThriftReader.skip` does in one go).
    private mutating func value(_ type: ThriftType) throws(ThriftError) {
        switch type {
        case .stop, .void: throw .invalidField("cannot skip a value of type \(type.rawValue)")
        case .bool, .byte: try push(.skipBytes(1), bytes: 1)
        case .i16: try push(.skipBytes(2), bytes: 2)
        case .i32: try push(.skipBytes(4), bytes: 4)
        case .i64, .double: try push(.skipBytes(8), bytes: 8)
        case .uuid: try push(.skipBytes(16), bytes: 16)
        case .string: steps.append(.string)
        case .struct: try enter(); steps.append(.fields)
        case .list, .set: try enter(); steps.append(.listHeader)
        case .map: try enter(); steps.append(.mapHeader)
        }
    }

    private mutating func push(_ step: Step, bytes: Int) throws(ThriftError) {
        guard position + bytes <= limits.maxMessageSize else {
            throw .sizeLimit(what: "message", size: position + bytes, limit: limits.maxMessageSize)
        }
        steps.append(step)
    }

    private mutating func enter() throws(ThriftError) {
        depth += 1
        guard depth <= limits.maxDepth else { throw .depthLimit(limits.maxDepth) }
    }

    private static func type(_ raw: UInt8) throws(ThriftError) -> ThriftType {
        guard let t = ThriftType(rawValue: raw) else { throw .unknownType(raw) }
        return t
    }

    private static func size(_ b: UnsafeRawBufferPointer, _ at: Int, _ what: String, limit: Int) throws(ThriftError) -> Int {
        let raw = i32(b, at)
        guard raw >= 0 else { throw .negativeSize(what: what, size: raw) }
        guard Int(raw) <= limit else { throw .sizeLimit(what: what, size: Int(raw), limit: limit) }
        return Int(raw)
    }

    public static func i32(_ b: UnsafeRawBufferPointer, _ at: Int) -> Int32 {
        Int32(bitPattern: UInt32(b[at]) << 24 | UInt32(b[at + 1]) << 16 | UInt32(b[at + 2]) << 8 | UInt32(b[at + 3]))
    }
}

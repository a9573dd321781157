/// A struct of an IDL that can be written to and read from the binary protocol.
public protocol ThriftStruct: Sendable {
    /// Reads the struct's fields up to its stop byte; unknown fields are skipped.
    init(from reader: inout ThriftReader) throws(ThriftError)
    /// Writes the struct's fields and the stop byte.
    func write(to writer: inout ThriftWriter)
}

extension ThriftStruct {
    /// The struct serialized on its own, no message header: the form `Message.body` and
    /// `ResultStruct.message` carry.
    public func serialized() -> [UInt8] {
        var w = ThriftWriter()
        write(to: &w)
        return w.bytes
    }

    /// Decodes a struct serialized on its own; bytes after its stop byte are rejected.
    public init(serialized bytes: [UInt8], limits: ThriftLimits = .default) throws(ThriftError) {
        var r = ThriftReader(bytes, limits: limits)
        self = try Self.read(from: &r)
        guard r.isAtEnd else { throw .invalidField("\(r.remaining) bytes after the end of the struct") }
    }

    /// Reads a nested struct, counting its depth.
    public static func read(from reader: inout ThriftReader) throws(ThriftError) -> Self {
        try reader.enter()
        let value = try Self(from: &reader)
        reader.leave()
        return value
    }
}

extension ThriftReader {
    /// Reads the value of a field whose id is known: checks its type, else skips it (a peer with a
    /// different IDL version may reuse an id with another type; the prototype ignored those too).
    public mutating func expect(_ expected: ThriftType, got actual: ThriftType) throws(ThriftError) -> Bool {
        if expected == actual { return true }
        try skip(actual)
        return false
    }

    /// Reads a `list<string>` as UTF-8 strings.
    public mutating func readStringList() throws(ThriftError) -> [String] {
        try enter()
        defer { leave() }
        let (element, count) = try readListBegin()
        guard element == .string else {
            for _ in 0..<count { try skip(element) }
            throw .invalidField("list element type \(element.rawValue) is not string")
        }
        var out: [String] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try readString()) }
        return out
    }
}

extension ThriftWriter {
    public mutating func writeStringList(_ items: [String]) {
        writeListBegin(.string, count: items.count)
        for s in items { writeString(s) }
    }
}

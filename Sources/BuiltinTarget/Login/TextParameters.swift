/// iSCSI text keys (RFC 7143 §6): `key=value` pairs, each ended by a NUL, in the data segment of
/// login and text PDUs. Order matters for the answers, so this keeps a list, not a dictionary.
public struct TextParameters: Sendable, Hashable {
    public var pairs: [(key: String, value: String)]

    public init(_ pairs: [(key: String, value: String)] = []) { self.pairs = pairs }

    public static func == (a: Self, b: Self) -> Bool {
        a.pairs.count == b.pairs.count && zip(a.pairs, b.pairs).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for p in pairs { hasher.combine(p.key); hasher.combine(p.value) }
    }

    /// Parses a data segment; a pair without `=` or with a key over 63 bytes is an error.
    public static func parse(_ bytes: [UInt8]) -> TextParameters? {
        var pairs: [(key: String, value: String)] = []
        for chunk in bytes.split(separator: 0, omittingEmptySubsequences: true) {
            guard let eq = chunk.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            let key = String(decoding: chunk[chunk.startIndex..<eq], as: UTF8.self)
            let value = String(decoding: chunk[(eq + 1)...], as: UTF8.self)
            guard !key.isEmpty, key.utf8.count <= 63 else { return nil }
            pairs.append((key, value))
        }
        return TextParameters(pairs)
    }

    public subscript(key: String) -> String? {
        pairs.last(where: { $0.key == key })?.value
    }

    public mutating func append(_ key: String, _ value: String) { pairs.append((key, value)) }

    public var encoded: [UInt8] {
        var out: [UInt8] = []
        for p in pairs {
            out += Array(p.key.utf8)
            out.append(UInt8(ascii: "="))
            out += Array(p.value.utf8)
            out.append(0)
        }
        return out
    }
}

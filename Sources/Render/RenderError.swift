/// Why a script or config could not be rendered. Renderers refuse rather than emit a line that a
/// hostile or broken value could turn into something else.
public enum RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A value holds characters that could change the meaning of the generated text.
    case unsafeValue(field: String, value: String, reason: String)
    /// A value the output needs is absent.
    case missingValue(field: String, reason: String)

    public var description: String {
        switch self {
        case let .unsafeValue(field, value, reason):
            "\(field): unsafe value \(RenderError.shown(value)): \(reason)"
        case let .missingValue(field, reason):
            "\(field): missing value: \(reason)"
        }
    }

    /// The value as it can be shown in a message: control characters escaped, long values cut.
    static func shown(_ s: String) -> String {
        let cut = s.count > 60 ? String(s.prefix(60)) + "…" : s
        let escaped = cut.unicodeScalars.map { scalar -> String in
            scalar.value < 0x20 || scalar.value == 0x7F ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }
        return "'" + escaped.joined() + "'"
    }
}

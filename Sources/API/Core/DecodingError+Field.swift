import Domain

extension DecodingError {
    /// The JSON path of the offending value (`power.webhookURL`, `bootItems[2]`), or "" for the root.
    var fieldPath: String {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c):
            path = c.codingPath
        case .keyNotFound(let key, let c):
            path = c.codingPath + [key]
        @unknown default:
            return ""
        }
        var out = ""
        for key in path {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return out
    }

    /// True when the bytes are not JSON at all (as opposed to JSON of the wrong shape).
    var isSyntaxError: Bool {
        if case .dataCorrupted(let c) = self, c.codingPath.isEmpty { return true }
        return false
    }

    /// A short lower-case message saying what was wrong with the field.
    var fieldMessage: String {
        switch self {
        case .typeMismatch(let type, _): "must be of type \(Self.jsonTypeName(type))"
        case .valueNotFound(let type, _): "must not be null (expected \(Self.jsonTypeName(type)))"
        case .keyNotFound: "is required"
        case .dataCorrupted(let c): c.debugDescription.prefix(1).lowercased() + c.debugDescription.dropFirst()
        @unknown default: "is invalid"
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is Substring.Type: "string"
        case is Bool.Type: "boolean"
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt64.Type: "integer"
        case is Double.Type, is Float.Type: "number"
        default:
            String(describing: type).hasPrefix("Array") ? "array" : (String(describing: type).hasPrefix("Dictionary") ? "object" : "\(type)")
        }
    }
}

import Domain
import Hummingbird

/// `?limit=&offset=&sort=` of a list request, validated: limit 1–500 (default 50), offset ≥ 0.
public struct PageQuery: Sendable, Hashable {
    public static let defaultLimit = 50
    public static let maximumLimit = 500

    public var limit: Int
    public var offset: Int
    /// A field name, `-` prefixed for descending; nil = the resource's default order.
    public var sort: String?

    public init(limit: Int = PageQuery.defaultLimit, offset: Int = 0, sort: String? = nil) {
        self.limit = limit
        self.offset = offset
        self.sort = sort
    }

    /// Parses the query of `request`; bad values are a 422 naming the parameter.
    /// - Parameter sortable: the field names `sort` may name (without `-`).
    public init(_ request: Request, sortable: Set<String> = []) throws {
        var errors = FieldErrors()
        let query = request.uri.queryParameters
        limit = Self.defaultLimit
        offset = 0
        if let text = query["limit"].map(String.init) {
            if let n = Int(text), (1...Self.maximumLimit).contains(n) { limit = n } else {
                errors.add("limit", "must be an integer from 1 to \(Self.maximumLimit)")
            }
        }
        if let text = query["offset"].map(String.init) {
            if let n = Int(text), n >= 0 { offset = n } else { errors.add("offset", "must be an integer ≥ 0") }
        }
        if let text = query["sort"].map(String.init), !text.isEmpty {
            let field = text.hasPrefix("-") ? String(text.dropFirst()) : text
            if sortable.contains(field) { sort = text } else {
                errors.add("sort", "must be one of \(sortable.sorted().joined(separator: ", ")), optionally prefixed with '-'")
            }
        }
        try errors.throwIfAny()
    }
}

extension Request {
    /// A query parameter as a string, nil when absent or empty.
    public func query(_ name: String) -> String? {
        guard let value = uri.queryParameters[name[...]], !value.isEmpty else { return nil }
        return String(value)
    }
}

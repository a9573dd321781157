/// One page of a list: `{items, total, limit, offset}`.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    /// How many items match the filters in all.
    public var total: Int
    public var limit: Int
    public var offset: Int

    public init(items: [Item], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }

    /// The same page with each item transformed (e.g. into a response view).
    public func map<T: Sendable>(_ transform: (Item) throws -> T) rethrows -> Page<T> {
        Page<T>(items: try items.map(transform), total: total, limit: limit, offset: offset)
    }
}

extension Page: Encodable where Item: Encodable {}
extension Page: Decodable where Item: Decodable {}
extension Page: Equatable where Item: Equatable {}

/// Limits shared by list endpoints.
public enum Paging {
    public static let defaultLimit = 50
    public static let maximumLimit = 1000

    /// Checks `limit` (1–1000, default 50) and `offset` (≥ 0, default 0).
    public static func window(limit: Int?, offset: Int?) throws -> (limit: Int, offset: Int) {
        var errors = FieldErrorsBox()
        let w = window(limit: limit, offset: offset, errors: &errors)
        try errors.throwIfAny()
        return w
    }

    /// The same check, recording problems in `errors` so a list can report them with its other filters.
    static func window(limit: Int?, offset: Int?, errors: inout FieldErrorsBox) -> (limit: Int, offset: Int) {
        let l = limit ?? defaultLimit
        let o = offset ?? 0
        if !(1...maximumLimit).contains(l) { errors.add("limit", "limit must be between 1 and \(maximumLimit)") }
        if o < 0 { errors.add("offset", "offset must not be negative") }
        return (l, o)
    }
}

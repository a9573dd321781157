import Domain
import Store

/// Filters of a machine list as they arrive from a query string; checked by `MachineService.list`.
public struct MachineQuery: Sendable, Hashable {
    /// Substring of name, MAC, IP, group or notes.
    public var q: String?
    public var group: String?
    /// `offline`, `booting`, `online` or `unknown`.
    public var status: String?
    /// `name`, `mac`, `ip`, `status` or `lastBootAt`; a leading `-` sorts descending.
    public var sort: String?
    public var limit: Int?
    public var offset: Int?

    public init(q: String? = nil, group: String? = nil, status: String? = nil, sort: String? = nil, limit: Int? = nil,
                offset: Int? = nil) {
        self.q = q
        self.group = group
        self.status = status
        self.sort = sort
        self.limit = limit
        self.offset = offset
    }

    func checked() throws -> MachineListQuery {
        var errors = FieldErrorsBox()
        let window = Paging.window(limit: limit, offset: offset, errors: &errors)
        var parsedStatus: MachineStatus?
        if let status, !status.isEmpty {
            parsedStatus = MachineStatus(rawValue: status)
            if parsedStatus == nil { errors.add("status", "status must be one of offline, booting, online, unknown") }
        }
        var column = MachineListQuery.SortColumn.name
        var descending = false
        if let sort, !sort.isEmpty {
            descending = sort.hasPrefix("-")
            let name = descending ? String(sort.dropFirst()) : sort
            if let c = MachineListQuery.SortColumn(rawValue: name) { column = c } else {
                errors.add("sort", "sort must be one of name, mac, ip, status, lastBootAt, optionally with a leading '-'")
            }
        }
        if let q, q.count > 200 { errors.add("q", "search text must be at most 200 characters") }
        try errors.throwIfAny()
        return MachineListQuery(search: q, group: group, status: parsedStatus, sort: column, descending: descending,
                                limit: window.limit, offset: window.offset)
    }
}

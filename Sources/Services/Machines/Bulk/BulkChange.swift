import Domain

/// What `POST /api/v1/machines/bulk` does to every named machine.
public enum BulkAction: String, Codable, Sendable, CaseIterable {
    case setBootItem, setDiskMode, setGroup, superOff, powerOn, powerOff, resetDisk, delete

    /// True for the actions that change only the database (one transaction, all or nothing).
    public var isRecordChange: Bool {
        switch self {
        case .setBootItem, .setDiskMode, .setGroup, .superOff, .delete: true
        case .powerOn, .powerOff, .resetDisk: false
        }
    }
}

/// A record change applied to many machines in one transaction.
public enum BulkChange: Sendable, Hashable {
    /// Makes the boot item the default (appended to a non-empty menu, as `setDefaultBootItem`).
    case setBootItem(Int64)
    case setDiskMode(DiskMode)
    case setGroup(String)
    /// Ends maintenance: the machine is no longer its image's super workstation.
    case superOff
    case delete
}

/// One machine's line in a bulk action's report.
public struct BulkItemResult: Codable, Sendable, Hashable {
    public var id: Int64
    /// Nil for an id that names no machine.
    public var name: String?
    public var ok: Bool
    /// `ErrorCode` of the failure; nil on success.
    public var code: String?
    public var message: String?

    public init(id: Int64, name: String?, ok: Bool = true, code: ErrorCode? = nil, message: String? = nil) {
        self.id = id
        self.name = name
        self.ok = ok
        self.code = code?.rawValue
        self.message = message
    }

    /// The failure of machine `id` (named `name` when it exists) with `error`'s code and text.
    public static func failed(_ id: Int64, _ name: String?, _ error: any Error) -> BulkItemResult {
        let e = ServiceError.wrap(error)
        let message = if case .validation(let v) = e { v.errors.map { "\($0.field): \($0.message)" }.joined(separator: "; ") }
            else { e.description }
        return BulkItemResult(id: id, name: name, ok: false, code: e.code, message: message)
    }
}

/// A bulk action refused before anything changed: the machines that failed and why.
public struct BulkRefused: Error, Sendable, Hashable, CustomStringConvertible {
    public var failures: [BulkItemResult]

    public var description: String {
        let names = failures.map { $0.name ?? "machine \($0.id)" }
        let shown = names.prefix(5).joined(separator: ", ") + (names.count > 5 ? " and \(names.count - 5) more" : "")
        return "nothing changed: \(failures.count) of the machines cannot take this action (\(shown))"
    }
}

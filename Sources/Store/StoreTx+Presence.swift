import Domain
import Foundation
import GRDB

extension StoreTx {
    /// The machines whose presence may change: those `online` or `booting`, those named in
    /// `names` (holding a session) and those with an id in `ids` (a recent heartbeat).
    public func machinesForPresence(names: Set<String>, ids: Set<Int64>) throws -> [PresenceRow] {
        var rows = try Row.fetchAll(db, sql: "SELECT id, name, status, lastBootAt FROM machines WHERE status IN ('online', 'booting')")
        // Chunks keep every statement under SQLite's parameter limit.
        for chunk in Array(names).chunked(500) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            rows += try Row.fetchAll(db, sql: "SELECT id, name, status, lastBootAt FROM machines WHERE name COLLATE NOCASE IN (\(marks)) AND status NOT IN ('online', 'booting')",
                                     arguments: StatementArguments(chunk))
        }
        for chunk in Array(ids).chunked(500) {
            let marks = chunk.map { _ in "?" }.joined(separator: ",")
            rows += try Row.fetchAll(db, sql: "SELECT id, name, status, lastBootAt FROM machines WHERE id IN (\(marks)) AND status NOT IN ('online', 'booting')",
                                     arguments: StatementArguments(chunk))
        }
        var seen = Set<Int64>()
        return try rows.compactMap { row in
            let id: Int64 = try row.value("id")
            guard seen.insert(id).inserted else { return nil }
            let statusText: String = try row.value("status")
            return PresenceRow(id: id, name: try row.value("name"), status: MachineStatus(rawValue: statusText) ?? .unknown,
                               lastBootAt: row.optional("lastBootAt"))
        }
    }
}

/// What presence needs of a machine row.
public struct PresenceRow: Sendable, Hashable {
    public var id: Int64
    public var name: String
    public var status: MachineStatus
    public var lastBootAt: Date?
}

extension Array {
    fileprivate func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

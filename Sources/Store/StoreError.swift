import Foundation
import GRDB

/// What can go wrong in the store. Services map these to their own errors.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A UNIQUE constraint refused a value: which table and column.
    case unique(table: String, column: String)
    /// A FOREIGN KEY constraint refused a change (a referenced row is missing or still used).
    case foreignKey(String)
    /// Another constraint (CHECK, NOT NULL) refused a value.
    case constraint(String)
    /// A stored row could not be read back into a value (a bug or a hand-edited database).
    case corrupt(String)
    /// SQLite failed (I/O, busy past the timeout, …).
    case database(String)

    public var description: String {
        switch self {
        case .unique(let table, let column): "\(table).\(column) must be unique"
        case .foreignKey(let message): "foreign key violation: \(message)"
        case .constraint(let message): "constraint violation: \(message)"
        case .corrupt(let message): "corrupt row: \(message)"
        case .database(let message): "database error: \(message)"
        }
    }

    /// Translates a GRDB error; anything else is returned unchanged.
    static func map(_ error: any Error) -> any Error {
        guard let dbError = error as? DatabaseError else { return error }
        let message = dbError.message ?? "\(dbError)"
        switch dbError.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            // SQLite says "UNIQUE constraint failed: machines.name" (first column is enough).
            let columns = message.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            let first = columns.split(separator: ",").first.map(String.init) ?? ""
            let parts = first.split(separator: ".", maxSplits: 1).map(String.init)
            return StoreError.unique(table: parts.first ?? "", column: parts.count > 1 ? parts[1] : "")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return StoreError.foreignKey(message)
        default:
            if dbError.resultCode == .SQLITE_CONSTRAINT { return StoreError.constraint(message) }
            return StoreError.database(message)
        }
    }
}

import Foundation
import GRDB
import Secrets

/// Access to the database inside one `AppStore.read` or `AppStore.write` call. Every query and
/// record operation of the store is a method on it (`StoreTx+Machines.swift`, …). Do not keep it
/// past the closure it was given to.
public struct StoreTx {
    let db: Database
    /// Seals and opens the secret columns (`StoreSecrets`).
    let secrets: SecretBox

    /// Number of rows changed by the last statement.
    public var changes: Int { db.changesCount }
}

typealias Arguments = [(any DatabaseValueConvertible)?]

extension Row {
    /// A non-null column value, or `StoreError.corrupt` naming the column.
    func value<T: DatabaseValueConvertible>(_ column: String) throws -> T {
        let dbValue: DatabaseValue = (self[column] as DatabaseValue?) ?? .null
        guard let v = T.fromDatabaseValue(dbValue) else { throw StoreError.corrupt("column \(column) is null or of the wrong type") }
        return v
    }

    /// A nullable column value.
    func optional<T: DatabaseValueConvertible>(_ column: String) -> T? {
        let dbValue: DatabaseValue = (self[column] as DatabaseValue?) ?? .null
        return T.fromDatabaseValue(dbValue)
    }

    /// A raw-value enum stored as text.
    func enumValue<E: RawRepresentable>(_ column: String) throws -> E where E.RawValue == String {
        let raw: String = try value(column)
        guard let e = E(rawValue: raw) else { throw StoreError.corrupt("column \(column) has unknown value \(raw)") }
        return e
    }
}

enum JSONColumn {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        do {
            return String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError.corrupt("cannot encode \(T.self): \(error)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, column: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        do {
            return try decoder.decode(T.self, from: Data(text.utf8))
        } catch {
            throw StoreError.corrupt("column \(column) holds invalid JSON for \(T.self)")
        }
    }
}

/// Escapes `%`, `_` and `\` for a `LIKE … ESCAPE '\'` pattern.
func likePattern(_ text: String) -> String {
    var out = "%"
    for c in text {
        if c == "%" || c == "_" || c == "\\" { out.append("\\") }
        out.append(c)
    }
    out.append("%")
    return out
}

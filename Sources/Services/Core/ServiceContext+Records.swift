import Domain
import Foundation
import Store

/// The one create/update/delete pipeline of machines, images and boot items, in one order:
/// audit (a refused change becomes a failure event) → one write transaction (read the old record,
/// check the revision, validate, check uniqueness, store, check the table-wide rules, insert the
/// event) → publish the event → call the provisioner (a failure there is a failure event, not an
/// error).
extension ServiceContext {
    /// Creates the record `validate` makes from the input.
    /// - Parameters:
    ///   - validate: the new record from the input (inside the transaction: references are checked there).
    ///   - detail: the success event's detail.
    func create<R: StoredRecord>(by caller: Caller, validate: @escaping @Sendable (StoreTx) throws -> R,
                                 detail: @escaping @Sendable (R) -> String,
                                 provision: (any Provisioner, R) async throws -> Void) async throws -> R {
        let now = self.now
        let (record, event) = try await audited(caller, "\(R.noun).create", R.noun) {
            try await write { tx in
                let new = try validate(tx)
                try new.checkUnique(tx: tx)
                let stored = try new.insert(tx: tx, now: now)
                try stored.checkAfterWrite(tx: tx)
                let e = try tx.insertEvent(self.event(caller, "\(R.noun).create", "\(R.noun)/\(stored.id)", .success, detail(stored)))
                return (stored, e)
            }
        }
        events.publish(event)
        await self.provision(caller, "\(R.noun).provision", "\(R.noun)/\(record.id)") { try await provision($0, record) }
        return record
    }

    /// Replaces record `id` with what `validate` makes of the input and the old record. With
    /// `expectedRevision` (If-Match) a stale revision is `.preconditionFailed`.
    func update<R: StoredRecord>(_ type: R.Type, id: Int64, expectedRevision: Int64?, by caller: Caller,
                                 validate: @escaping @Sendable (StoreTx, R) throws -> R,
                                 detail: @escaping @Sendable (_ old: R, _ new: R) -> String,
                                 provision: (any Provisioner, _ old: R, _ new: R) async throws -> Void) async throws -> R {
        let now = self.now
        let (old, record, event) = try await audited(caller, "\(R.noun).update", "\(R.noun)/\(id)") {
            try await write { tx in
                guard let old = try R.load(id: id, tx: tx) else { throw ServiceError.notFound(R.notFoundCode, "\(R.recordName) \(id)") }
                if let expectedRevision, expectedRevision != old.revision {
                    throw ServiceError.preconditionFailed("\(R.recordName) \(id) is at revision \(old.revision), not \(expectedRevision)")
                }
                let new = try validate(tx, old)
                try new.checkUnique(tx: tx)
                try new.update(tx: tx, now: now)
                try new.checkAfterWrite(tx: tx)
                let e = try tx.insertEvent(self.event(caller, "\(R.noun).update", "\(R.noun)/\(id)", .success, detail(old, new)))
                return (old, new, e)
            }
        }
        events.publish(event)
        await self.provision(caller, "\(R.noun).provision", "\(R.noun)/\(id)") { try await provision($0, old, record) }
        return record
    }

    /// Deletes record `id` unless something still uses it (`.conflict`). A missing record
    /// succeeds and returns false (DELETE is idempotent).
    func delete<R: StoredRecord>(_ type: R.Type, id: Int64, by caller: Caller,
                                 provision: (any Provisioner, R) async throws -> Void) async throws -> Bool {
        let result: (R, Event)? = try await audited(caller, "\(R.noun).delete", "\(R.noun)/\(id)") {
            try await write { tx in
                guard let old = try R.load(id: id, tx: tx) else { return nil }
                try old.checkUnused(tx: tx)
                try R.delete(id: id, tx: tx)
                return (old, try tx.insertEvent(self.event(caller, "\(R.noun).delete", "\(R.noun)/\(id)", .success, "name=\(old.name)")))
            }
        }
        guard let (old, event) = result else { return false }
        events.publish(event)
        await self.provision(caller, "\(R.noun).provision", "\(R.noun)/\(id)") { try await provision($0, old) }
        return true
    }
}

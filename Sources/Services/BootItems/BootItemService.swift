import Domain
import Foundation
import Store

/// Boot menu entries: iSCSI disks, wimboot, Linux kernels, chain URLs, local disk.
public struct BootItemService: Sendable {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    /// Every boot item, by name.
    public func list() async throws -> [BootItem] {
        try await context.read { tx in try tx.allBootItems() }
    }

    /// The boot item with `id`; `.notFound` otherwise.
    public func get(id: Int64) async throws -> BootItem {
        guard let b = try await context.read({ tx in try tx.bootItem(id: id) }) else { throw ServiceError.notFound("boot item \(id)") }
        return b
    }

    /// The boot item named `name` (case-insensitive), or nil. dbc selects items by name.
    public func byName(_ name: String) async throws -> BootItem? {
        try await context.read { tx in try tx.bootItem(named: name) }
    }

    /// Names of the machines whose menu holds boot item `id`.
    public func usedBy(id: Int64) async throws -> [String] {
        try await context.read { tx in try tx.machineNames(usingBootItem: id) }
    }

    public func create(_ input: BootItemInput, by caller: Caller) async throws -> BootItem {
        let now = context.now
        let (item, event) = try await context.audited(caller, "bootItem.create", "bootItem") {
            try await context.write { tx in
                let b = try input.validate(existing: nil, tx: tx)
                if let other = try tx.bootItem(named: b.name) {
                    throw ServiceError.conflict("a boot item named \(Validate.shown(b.name)) already exists (bootItem/\(other.id))")
                }
                let stored = try tx.insertBootItem(b, now: now)
                let e = try tx.insertEvent(context.event(caller, "bootItem.create", "bootItem/\(stored.id)", .success,
                                                         "name=\(stored.name) kind=\(stored.kind.rawValue)"))
                return (stored, e)
            }
        }
        context.events.publish(event)
        await context.provision(caller, "bootItem.provision", "bootItem/\(item.id)") { try await $0.bootItemChanged(old: nil, new: item) }
        return item
    }

    /// Replaces boot item `id`. With `expectedRevision` a stale revision is `.preconditionFailed`.
    public func update(id: Int64, _ input: BootItemInput, expectedRevision: Int64? = nil, by caller: Caller) async throws -> BootItem {
        let now = context.now
        let (old, item, event) = try await context.audited(caller, "bootItem.update", "bootItem/\(id)") {
            try await context.write { tx in
                guard let old = try tx.bootItem(id: id) else { throw ServiceError.notFound("boot item \(id)") }
                if let expectedRevision, expectedRevision != old.revision {
                    throw ServiceError.preconditionFailed("boot item \(id) is at revision \(old.revision), not \(expectedRevision)")
                }
                let b = try input.validate(existing: old, tx: tx)
                if let other = try tx.bootItem(named: b.name), other.id != id {
                    throw ServiceError.conflict("a boot item named \(Validate.shown(b.name)) already exists (bootItem/\(other.id))")
                }
                try tx.updateBootItem(b, now: now)
                // New images on an item two super workstations boot would give an image two writers.
                try SuperWorkstations.check(tx, writing: []) { _ in "osImage" }
                let e = try tx.insertEvent(context.event(caller, "bootItem.update", "bootItem/\(id)", .success,
                                                         "name=\(b.name) kind=\(b.kind.rawValue)"))
                return (old, b, e)
            }
        }
        context.events.publish(event)
        await context.provision(caller, "bootItem.provision", "bootItem/\(id)") { try await $0.bootItemChanged(old: old, new: item) }
        return item
    }

    /// Deletes boot item `id`; `.conflict` naming the machines that use it. Missing → false.
    @discardableResult
    public func delete(id: Int64, by caller: Caller) async throws -> Bool {
        let result: (BootItem, Event)? = try await context.audited(caller, "bootItem.delete", "bootItem/\(id)") {
            try await context.write { tx in
                guard let old = try tx.bootItem(id: id) else { return nil }
                let users = try tx.machineNames(usingBootItem: id)
                guard users.isEmpty else {
                    throw ServiceError.conflict("boot item \(Validate.shown(old.name)) is used by machines: \(users.joined(separator: ", "))")
                }
                try tx.deleteBootItem(id: id)
                return (old, try tx.insertEvent(context.event(caller, "bootItem.delete", "bootItem/\(id)", .success, "name=\(old.name)")))
            }
        }
        guard let (old, event) = result else { return false }
        context.events.publish(event)
        await context.provision(caller, "bootItem.provision", "bootItem/\(id)") { try await $0.bootItemChanged(old: old, new: nil) }
        return true
    }
}

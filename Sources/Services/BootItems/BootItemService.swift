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
        guard let b = try await context.read({ tx in try tx.bootItem(id: id) }) else { throw ServiceError.notFound(.bootItemNotFound, "boot item \(id)") }
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
        try await context.create(by: caller, validate: { tx in try input.validate(existing: nil, tx: tx) },
                                 detail: { "name=\($0.name) kind=\($0.kind.rawValue)" },
                                 provision: { try await $0.bootItemChanged(old: nil, new: $1) })
    }

    /// Replaces boot item `id`. With `expectedRevision` a stale revision is `.preconditionFailed`.
    public func update(id: Int64, _ input: BootItemInput, expectedRevision: Int64? = nil, by caller: Caller) async throws -> BootItem {
        try await context.update(BootItem.self, id: id, expectedRevision: expectedRevision, by: caller,
                                 validate: { tx, old in try input.validate(existing: old, tx: tx) },
                                 detail: { _, new in "name=\(new.name) kind=\(new.kind.rawValue)" },
                                 provision: { try await $0.bootItemChanged(old: $1, new: $2) })
    }

    /// Deletes boot item `id`; `.conflict` naming the machines that use it. Missing → false.
    @discardableResult
    public func delete(id: Int64, by caller: Caller) async throws -> Bool {
        try await context.delete(BootItem.self, id: id, by: caller, provision: { try await $0.bootItemChanged(old: $1, new: nil) })
    }
}

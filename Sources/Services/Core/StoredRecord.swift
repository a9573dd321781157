import Domain
import Foundation
import Store

/// A record the shared create/update/delete pipeline (`ServiceContext.create/update/delete`)
/// stores: machines, images, boot items. Each says how it is read, stored and checked; the
/// pipeline owns the order.
protocol StoredRecord: Sendable {
    /// The event actions' and subjects' prefix: `machine`, `image`, `bootItem`.
    static var noun: String { get }
    /// The record in messages: `machine`, `image`, `boot item`.
    static var label: String { get }
    var id: Int64 { get }
    var name: String { get }
    var revision: Int64 { get }
    static func load(id: Int64, tx: StoreTx) throws -> Self?
    /// `.conflict` when another record already has this one's name (or MAC, IP …).
    func checkUnique(tx: StoreTx) throws
    func insert(tx: StoreTx, now: Date) throws -> Self
    func update(tx: StoreTx, now: Date) throws
    /// `.conflict` when something still uses `self`, which therefore cannot go.
    func checkUnused(tx: StoreTx) throws
    static func delete(id: Int64, tx: StoreTx) throws
}

extension Machine: StoredRecord {
    static var noun: String { "machine" }
    static var label: String { "machine" }
    static func load(id: Int64, tx: StoreTx) throws -> Machine? { try tx.machine(id: id) }

    func checkUnique(tx: StoreTx) throws {
        if let other = try tx.machine(named: name), other.id != id {
            throw ServiceError.conflict("a machine named \(Validate.shown(name)) already exists (machine/\(other.id))")
        }
        if let other = try tx.machine(mac: mac), other.id != id {
            throw ServiceError.conflict("MAC \(mac) already belongs to machine \(Validate.shown(other.name)) (machine/\(other.id))")
        }
        if let ip, let other = try tx.machine(ip: ip), other.id != id {
            throw ServiceError.conflict("IP \(ip) already belongs to machine \(Validate.shown(other.name)) (machine/\(other.id))")
        }
    }

    func insert(tx: StoreTx, now: Date) throws -> Machine { try tx.insertMachine(self) }
    func update(tx: StoreTx, now: Date) throws { _ = try tx.updateMachine(self) }
    func checkUnused(tx: StoreTx) throws {}
    static func delete(id: Int64, tx: StoreTx) throws { _ = try tx.deleteMachine(id: id) }
}

extension Image: StoredRecord {
    static var noun: String { "image" }
    static var label: String { "image" }
    static func load(id: Int64, tx: StoreTx) throws -> Image? { try tx.image(id: id) }

    func checkUnique(tx: StoreTx) throws {
        if let other = try tx.image(named: name), other.id != id {
            throw ServiceError.conflict("an image named \(Validate.shown(name)) already exists (image/\(other.id))")
        }
    }

    func insert(tx: StoreTx, now: Date) throws -> Image { try tx.insertImage(self) }
    func update(tx: StoreTx, now: Date) throws { _ = try tx.updateImage(self) }

    func checkUnused(tx: StoreTx) throws {
        let users = try tx.bootItemNames(usingImage: id)
        guard users.isEmpty else {
            throw ServiceError.conflict("image \(Validate.shown(name)) is used by boot items: \(users.joined(separator: ", "))")
        }
    }

    static func delete(id: Int64, tx: StoreTx) throws { _ = try tx.deleteImage(id: id) }
}

extension BootItem: StoredRecord {
    static var noun: String { "bootItem" }
    static var label: String { "boot item" }
    static func load(id: Int64, tx: StoreTx) throws -> BootItem? { try tx.bootItem(id: id) }

    func checkUnique(tx: StoreTx) throws {
        if let other = try tx.bootItem(named: name), other.id != id {
            throw ServiceError.conflict("a boot item named \(Validate.shown(name)) already exists (bootItem/\(other.id))")
        }
    }

    func insert(tx: StoreTx, now: Date) throws -> BootItem { try tx.insertBootItem(self, now: now) }
    func update(tx: StoreTx, now: Date) throws { _ = try tx.updateBootItem(self, now: now) }

    func checkUnused(tx: StoreTx) throws {
        let users = try tx.machineNames(usingBootItem: id)
        guard users.isEmpty else {
            throw ServiceError.conflict("boot item \(Validate.shown(name)) is used by machines: \(users.joined(separator: ", "))")
        }
    }

    static func delete(id: Int64, tx: StoreTx) throws { _ = try tx.deleteBootItem(id: id) }
}

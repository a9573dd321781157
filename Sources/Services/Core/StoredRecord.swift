import Domain
import Foundation
import Store

/// A record the shared create/update/delete pipeline (`ServiceContext.create/update/delete`)
/// stores: machines, images, boot items. Each says how it is read, stored and what uses it; the
/// pipeline owns the order and the checks.
protocol StoredRecord: Sendable {
    /// The event actions' and subjects' prefix: `machine`, `image`, `bootItem`.
    static var noun: String { get }
    /// The record in messages: `machine`, `image`, `boot item`.
    static var recordName: String { get }
    /// What can use a record of this kind, in messages (`machines`), and the code of deleting
    /// one still in use; nil when nothing can.
    static var usedBy: (kind: String, code: ErrorCode)? { get }
    /// The codes of a missing record and of a name another record holds (`machine.notFound`, `machine.nameTaken`).
    static var notFoundCode: ErrorCode { get }
    static var nameTakenCode: ErrorCode { get }
    var id: Int64 { get }
    var name: String { get }
    var revision: Int64 { get }
    static func load(id: Int64, tx: StoreTx) throws -> Self?
    /// The record named `name` (case-insensitive).
    static func load(named name: String, tx: StoreTx) throws -> Self?
    /// `.conflict` when another record holds a value that must be unique besides the name.
    func checkOtherUniques(tx: StoreTx) throws
    /// Names of what uses this record; it cannot be deleted while there are any.
    func users(tx: StoreTx) throws -> [String]
    func insert(tx: StoreTx, now: Date) throws -> Self
    func update(tx: StoreTx, now: Date) throws
    static func delete(id: Int64, tx: StoreTx) throws
    /// Rules over the whole table, checked in the transaction after the write (a throw rolls it back).
    func checkAfterWrite(tx: StoreTx) throws
}

extension StoredRecord {
    /// `.conflict` when another record has this one's name (or MAC, IP …).
    func checkUnique(tx: StoreTx) throws {
        if let other = try Self.load(named: name, tx: tx), other.id != id {
            let article = "aeiou".contains(Self.recordName.first ?? "x") ? "an" : "a"
            throw ServiceError.conflict(Self.nameTakenCode, "\(article) \(Self.recordName) named \(Validate.shown(name)) already exists (\(Self.noun)/\(other.id))")
        }
        try checkOtherUniques(tx: tx)
    }

    /// `.conflict` naming what still uses this record.
    func checkUnused(tx: StoreTx) throws {
        guard let (kind, code) = Self.usedBy else { return }
        let users = try users(tx: tx)
        guard users.isEmpty else {
            throw ServiceError.conflict(code, "\(Self.recordName) \(Validate.shown(name)) is used by \(kind): \(users.joined(separator: ", "))")
        }
    }

    func checkOtherUniques(tx: StoreTx) throws {}
    func users(tx: StoreTx) throws -> [String] { [] }
    func checkAfterWrite(tx: StoreTx) throws {}
}

extension Machine: StoredRecord {
    static var noun: String { "machine" }
    static var recordName: String { "machine" }
    static var usedBy: (kind: String, code: ErrorCode)? { nil }
    static var notFoundCode: ErrorCode { .machineNotFound }
    static var nameTakenCode: ErrorCode { .machineNameTaken }
    static func load(id: Int64, tx: StoreTx) throws -> Machine? { try tx.machine(id: id) }
    static func load(named name: String, tx: StoreTx) throws -> Machine? { try tx.machine(named: name) }

    func checkOtherUniques(tx: StoreTx) throws {
        if let other = try tx.machine(hostPart: ISCSINames.hostPart(name), excluding: id) {
            throw ServiceError.invalid("name", MachineService.sameTargetMessage(name, other))
        }
        if let other = try tx.machine(mac: mac), other.id != id {
            throw ServiceError.conflict(.machineMACTaken, "MAC \(mac) already belongs to machine \(Validate.shown(other.name)) (machine/\(other.id))")
        }
        if let ip, let other = try tx.machine(ip: ip), other.id != id {
            throw ServiceError.conflict(.machineIPTaken, "IP \(ip) already belongs to machine \(Validate.shown(other.name)) (machine/\(other.id))")
        }
    }

    /// One super workstation per image (`SuperWorkstations`).
    func checkAfterWrite(tx: StoreTx) throws {
        if superWorkstation { try SuperWorkstations.check(tx, writing: [id]) { _ in "superWorkstation" } }
    }

    func insert(tx: StoreTx, now: Date) throws -> Machine { try tx.insertMachine(self) }
    func update(tx: StoreTx, now: Date) throws { _ = try tx.updateMachine(self) }
    static func delete(id: Int64, tx: StoreTx) throws { _ = try tx.deleteMachine(id: id) }
}

extension Image: StoredRecord {
    static var noun: String { "image" }
    static var recordName: String { "image" }
    static var usedBy: (kind: String, code: ErrorCode)? { ("boot items", .imageInUse) }
    static var notFoundCode: ErrorCode { .imageNotFound }
    static var nameTakenCode: ErrorCode { .imageNameTaken }
    static func load(id: Int64, tx: StoreTx) throws -> Image? { try tx.image(id: id) }
    static func load(named name: String, tx: StoreTx) throws -> Image? { try tx.image(named: name) }
    func users(tx: StoreTx) throws -> [String] { try tx.bootItemNames(usingImage: id) }
    func insert(tx: StoreTx, now: Date) throws -> Image { try tx.insertImage(self) }
    func update(tx: StoreTx, now: Date) throws { _ = try tx.updateImage(self) }
    static func delete(id: Int64, tx: StoreTx) throws { _ = try tx.deleteImage(id: id) }
}

extension BootItem: StoredRecord {
    static var noun: String { "bootItem" }
    static var recordName: String { "boot item" }
    static var usedBy: (kind: String, code: ErrorCode)? { ("machines", .bootItemInUse) }
    static var notFoundCode: ErrorCode { .bootItemNotFound }
    static var nameTakenCode: ErrorCode { .bootItemNameTaken }
    static func load(id: Int64, tx: StoreTx) throws -> BootItem? { try tx.bootItem(id: id) }
    static func load(named name: String, tx: StoreTx) throws -> BootItem? { try tx.bootItem(named: name) }
    func users(tx: StoreTx) throws -> [String] { try tx.machineNames(usingBootItem: id) }
    /// New images on an item super workstations boot must not give an image two of them.
    func checkAfterWrite(tx: StoreTx) throws { try SuperWorkstations.check(tx, writing: []) { _ in "osImage" } }

    func insert(tx: StoreTx, now: Date) throws -> BootItem { try tx.insertBootItem(self, now: now) }
    func update(tx: StoreTx, now: Date) throws { _ = try tx.updateBootItem(self, now: now) }
    static func delete(id: Int64, tx: StoreTx) throws { _ = try tx.deleteBootItem(id: id) }
}

import Domain
import Foundation
import Logging
import Store

/// Client PCs: list, read, create, replace, delete, CSV import, boot bookkeeping.
public struct MachineService: Sendable {
    let context: ServiceContext
    /// Bounds what unknown MACs can add to the discovered-machines table.
    let discoveries = DiscoveryGate()

    /// The boot event's records, written in batches (`recordBootScript`).
    public let bootPhases: BootPhaseLog

    init(context: ServiceContext) {
        self.context = context
        bootPhases = BootPhaseLog(context: context)
    }

    /// One page of machines matching `query`.
    public func list(_ query: MachineQuery = MachineQuery()) async throws -> Page<Machine> {
        let q = try query.checked()
        let (items, total) = try await context.read { tx in try tx.machines(q) }
        return Page(items: items, total: total, limit: q.limit, offset: q.offset)
    }

    /// Each machine's disk state, by id; nil when there is no storage (or it cannot be asked).
    public func diskStates() async -> [Int64: MachineDiskState]? {
        do { return try await context.provisioner.machineDiskStates() } catch {
            context.logger.warning("disk states unavailable", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Every machine, by name.
    public func all() async throws -> [Machine] {
        try await context.read { tx in try tx.allMachines() }
    }

    /// The machine with `id`; `.notFound` otherwise.
    public func get(id: Int64) async throws -> Machine {
        guard let m = try await context.read({ tx in try tx.machine(id: id) }) else { throw ServiceError.notFound(.machineNotFound, "machine \(id)") }
        return m
    }

    /// The machine with `mac`, or nil.
    public func byMAC(_ mac: MACAddress) async throws -> Machine? {
        try await context.read { tx in try tx.machine(mac: mac) }
    }

    /// The machine named `name` (case-insensitive), or nil.
    public func byName(_ name: String) async throws -> Machine? {
        try await context.read { tx in try tx.machine(named: name) }
    }

    /// The machine whose target IQN ends in `hostPart` (`ISCSINames.hostPart` of its name), or nil.
    public func byTargetHostPart(_ hostPart: String) async throws -> Machine? {
        try await context.read { tx in try tx.machine(hostPart: hostPart) }
    }

    /// Validates `input` and stores a new machine.
    public func create(_ input: MachineInput, by caller: Caller) async throws -> Machine {
        let now = context.now
        return try await context.create(by: caller, validate: { tx in try Self.validated(input, existing: nil, now: now, tx: tx) },
                                        detail: { "name=\($0.name) mac=\($0.mac)" },
                                        provision: { try await $0.machineCreated($1) })
    }

    /// Replaces machine `id` with `input`. With `expectedRevision` (from If-Match) a stale
    /// revision is `.preconditionFailed`. Status and boot history are kept; so are write-only
    /// secrets the input leaves out.
    public func update(id: Int64, _ input: MachineInput, expectedRevision: Int64? = nil, by caller: Caller) async throws -> Machine {
        let now = context.now
        return try await context.update(Machine.self, id: id, expectedRevision: expectedRevision, by: caller,
                                        validate: { tx, old in try Self.validated(input, existing: old, now: now, tx: tx) },
                                        detail: { old, new in Self.changes(from: old, to: new) },
                                        provision: { try await $0.machineChanged(old: $1, new: $2) })
    }

    /// Deletes machine `id`. Deleting a missing machine succeeds (DELETE is idempotent) and
    /// returns false.
    @discardableResult
    public func delete(id: Int64, by caller: Caller) async throws -> Bool {
        try await context.delete(Machine.self, id: id, by: caller, provision: { try await $0.machineDeleted($1) })
    }

    /// Sets the observed status (`online`, `offline` …). Does not bump the revision.
    public func setStatus(id: Int64, _ status: MachineStatus, by caller: Caller) async throws {
        let event: Event = try await context.write { tx in
            guard let m = try tx.machine(id: id) else { throw ServiceError.notFound(.machineNotFound, "machine \(id)") }
            try tx.updateMachineStatus(id: id, status: status)
            return try tx.insertEvent(context.event(caller, "machine.status", "machine/\(id)", .success,
                                                    "\(m.status.rawValue) -> \(status.rawValue)"))
        }
        context.events.publish(event)
    }

    // MARK: - checks inside the transaction

    /// The machine `input` describes, its boot items checked to exist; every problem at once.
    static func validated(_ input: MachineInput, existing: Machine?, now: Date, tx: StoreTx) throws -> Machine {
        var errors = FieldErrorsBox()
        guard let m = input.validate(existing: existing, now: now, errors: &errors) else {
            try errors.throwIfAny()
            throw ServiceError.internal("validation produced no machine")
        }
        try checkReferences(m, tx: tx, errors: &errors)
        try errors.throwIfAny()
        return m
    }

    static func checkReferences(_ m: Machine, tx: StoreTx, errors: inout FieldErrorsBox, prefix: String = "") throws {
        for (i, item) in m.bootItems.enumerated() where try !tx.bootItemExists(id: item) {
            errors.add("\(prefix)bootItems[\(i)]", "boot item \(item) does not exist")
        }
    }

    /// Why `name` is refused when `other` already has its IQN host part.
    static func sameTargetMessage(_ name: String, _ other: Machine) -> String {
        "host name \(Validate.shown(name)) and machine \(Validate.shown(other.name)) (machine/\(other.id)) would share the "
            + "iSCSI target name ...:\(ISCSINames.hostPart(name)) ('_' becomes '-' in an IQN)"
    }

    /// Event detail of an update: the fields that changed (never secrets' values).
    static func changes(from a: Machine, to b: Machine) -> String {
        var parts: [String] = []
        if a.name != b.name { parts.append("name=\(b.name)") }
        if a.mac != b.mac { parts.append("mac=\(b.mac)") }
        if a.ip != b.ip { parts.append("ip=\(b.ip?.description ?? "none")") }
        if a.bootItems != b.bootItems || a.defaultBootItem != b.defaultBootItem { parts.append("menu changed") }
        if a.diskMode != b.diskMode { parts.append("diskMode=\(b.diskMode.rawValue)") }
        if a.superWorkstation != b.superWorkstation { parts.append("superWorkstation=\(b.superWorkstation)") }
        if a.power != b.power { parts.append("power changed") }
        if (a.chapSecret == nil) != (b.chapSecret == nil) { parts.append("chap=\(b.chapSecret != nil)") }
        return parts.isEmpty ? "no change" : parts.joined(separator: " ")
    }
}

import Domain
import Foundation
import Store

extension MachineService {
    /// The most machines one bulk action names.
    public static let bulkLimit = 1000

    /// Applies `change` to every machine in `ids` in one write transaction: all of them change or
    /// none. An id naming no machine (deleted meanwhile) or a machine the change is invalid for
    /// makes the whole action `BulkRefused`, naming each failing machine. Each changed machine
    /// gets its own event (so its history shows it) and its provisioning hook after the commit.
    /// - Returns: one successful result per machine, in the order of `ids` (duplicates dropped).
    public func bulk(ids: [Int64], _ change: BulkChange, by caller: Caller) async throws -> [BulkItemResult] {
        let ids = Self.unique(ids)
        let now = context.now
        let done: [(old: Machine, new: Machine?, event: Event)]
        do {
            done = try await context.store.write { tx in try Self.apply(change, ids: ids, now: now, tx: tx, event: { m, action, detail in
                context.event(caller, action, "machine/\(m.id)", .success, detail)
            }) }
        } catch let refused as BulkRefused {
            await context.events.recordQuietly(context.event(caller, "machine.bulk", "machines", .failure,
                                                             "\(Self.label(change)): \(refused.description)"))
            throw refused
        } catch {
            throw ServiceError.wrap(error)
        }
        for item in done { context.events.publish(item.event) }
        for item in done {
            if let new = item.new {
                await context.provision(caller, "machine.provision", "machine/\(new.id)") { try await $0.machineChanged(old: item.old, new: new) }
            } else {
                await context.provision(caller, "machine.provision", "machine/\(item.old.id)") { try await $0.machineDeleted(item.old) }
            }
        }
        return done.map { BulkItemResult(id: $0.old.id, name: $0.old.name) }
    }

    /// The machines named by `ids` (in that order), or `BulkRefused` naming every id that names none.
    public func bulkMachines(ids: [Int64]) async throws -> [Machine] {
        let ids = Self.unique(ids)
        let found = try await context.read { tx in try ids.map { ($0, try tx.machine(id: $0)) } }
        let missing = found.filter { $0.1 == nil }.map { Self.missing($0.0) }
        guard missing.isEmpty else { throw BulkRefused(failures: missing) }
        return found.compactMap(\.1)
    }

    // MARK: - inside the transaction

    static func apply(_ change: BulkChange, ids: [Int64], now: Date, tx: StoreTx,
                      event: (Machine, String, String) -> Event) throws -> [(old: Machine, new: Machine?, event: Event)] {
        var olds: [Machine] = []
        var failures: [BulkItemResult] = []
        for id in ids {
            if let m = try tx.machine(id: id) { olds.append(m) } else { failures.append(missing(id)) }
        }
        guard failures.isEmpty else { throw BulkRefused(failures: failures) }
        var done: [(old: Machine, new: Machine?, event: Event)] = []
        for old in olds {
            do {
                if change == .delete {
                    _ = try tx.deleteMachine(id: old.id)
                    done.append((old, nil, try tx.insertEvent(event(old, "machine.delete", "name=\(old.name) (bulk)"))))
                    continue
                }
                let new = try validated(changed(old, by: change), existing: old, now: now, tx: tx)
                try new.checkUnique(tx: tx)
                try new.update(tx: tx, now: now)
                done.append((old, new, try tx.insertEvent(event(old, "machine.update", changes(from: old, to: new) + " (bulk)"))))
            } catch {
                failures.append(.failed(old.id, old.name, error))
            }
        }
        // Table-wide rules (one super workstation per image) once every machine is written.
        for item in done {
            guard let new = item.new else { continue }
            do { try new.checkAfterWrite(tx: tx) } catch { failures.append(.failed(new.id, new.name, error)) }
        }
        // Throwing rolls the whole transaction back: nothing changed.
        guard failures.isEmpty else { throw BulkRefused(failures: failures) }
        return done
    }

    /// The input that makes `old` what `change` asks for.
    static func changed(_ old: Machine, by change: BulkChange) -> MachineInput {
        var input = MachineInput(old)
        switch change {
        case .setBootItem(let item):
            input.defaultBootItem = item
            input.bootItems = menu(old.bootItems, withDefault: item)
        case .setDiskMode(let mode): input.diskMode = mode.rawValue
        case .setGroup(let group): input.group = group
        case .superOff: input.superWorkstation = false
        case .delete: break
        }
        return input
    }

    static func missing(_ id: Int64) -> BulkItemResult {
        BulkItemResult(id: id, name: nil, ok: false, code: .machineNotFound, message: "machine \(id) not found (deleted?)")
    }

    static func unique(_ ids: [Int64]) -> [Int64] {
        var seen = Set<Int64>()
        return ids.filter { seen.insert($0).inserted }
    }

    static func label(_ change: BulkChange) -> String {
        switch change {
        case .setBootItem(let item): "setBootItem \(item)"
        case .setDiskMode(let mode): "setDiskMode \(mode.rawValue)"
        case .setGroup(let group): "setGroup \(Validate.shown(group))"
        case .superOff: "superOff"
        case .delete: "delete"
        }
    }
}

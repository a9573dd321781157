import Domain
import Hummingbird
import Services

/// `POST /api/v1/machines/bulk` `{ids, action, value}`: one action on many machines.
///
/// Record changes (boot item, disk mode, group, super workstation off, delete) run in one
/// transaction: every machine changes or none, and a refusal (422 `bulk.invalid`) names each
/// machine that failed. Power and disk resets cannot be undone: every machine is tried and the
/// answer (200) says per machine what worked (`ok: false` when some failed). An id naming no
/// machine refuses any action before it starts.
public struct BulkRoutes: RouteGroup {
    let machines: MachineService
    let power: PowerService
    let disks: DiskProvisioner

    public init(machines: MachineService, power: PowerService, disks: DiskProvisioner) {
        self.machines = machines
        self.power = power
        self.disks = disks
    }

    /// At most this many power actions or resets run at once.
    static let parallel = 16

    struct BulkInput: Decodable {
        var ids: [Int64]
        var action: BulkAction
        var value: BulkValue?
    }

    /// `value`: a string, an integer or null.
    enum BulkValue: Decodable {
        case text(String), number(Int64)

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let n = try? c.decode(Int64.self) { self = .number(n); return }
            self = .text(try c.decode(String.self))
        }
    }

    /// The answer of an action that ran: `ok` is false when some machine failed.
    struct BulkAnswer: Encodable, Sendable {
        var ok: Bool
        var results: [BulkItemResult]
    }

    public func register(on api: RouterGroup<APIContext>) {
        api.post("machines/bulk") { request, context in
            let caller = try context.caller(.operator_)
            let input = try await request.json(BulkInput.self, context: context)
            guard !input.ids.isEmpty, input.ids.count <= MachineService.bulkLimit else {
                throw ValidationError(field: "ids", "must name 1 to \(MachineService.bulkLimit) machines, not \(input.ids.count)")
            }
            let results: [BulkItemResult]
            if let change = try Self.change(input) {
                results = try await machines.bulk(ids: input.ids, change, by: caller)
            } else {
                let targets = try await machines.bulkMachines(ids: input.ids)
                results = await run(input.action, on: targets, by: caller)
            }
            return try APIJSON.response(BulkAnswer(ok: results.allSatisfy(\.ok), results: results))
        }
    }

    /// The record change `input` asks for, nil for a power or reset action; a `value` of the
    /// wrong kind is a 422 naming `value`.
    static func change(_ input: BulkInput) throws -> BulkChange? {
        switch input.action {
        case .setBootItem:
            guard case .number(let item)? = input.value else { throw ValidationError(field: "value", "must be a boot item id") }
            return .setBootItem(item)
        case .setDiskMode:
            guard case .text(let text)? = input.value, let mode = DiskMode(rawValue: text) else {
                throw ValidationError(field: "value", "must be one of \(DiskMode.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .setDiskMode(mode)
        case .setGroup:
            guard case .text(let group)? = input.value else { throw ValidationError(field: "value", "must be a group name (a string)") }
            return .setGroup(group)
        case .superOff: return .superOff
        case .delete: return .delete
        case .powerOn, .powerOff, .resetDisk: return nil
        }
    }

    /// Runs a power action or disk reset on every machine, `parallel` at a time; results in the
    /// machines' order.
    func run(_ action: BulkAction, on targets: [Machine], by caller: Caller) async -> [BulkItemResult] {
        var results = [BulkItemResult?](repeating: nil, count: targets.count)
        await withTaskGroup(of: (Int, BulkItemResult).self) { group in
            var next = 0
            func add() {
                guard next < targets.count else { return }
                let i = next
                next += 1
                group.addTask { (i, await one(action, on: targets[i], by: caller)) }
            }
            for _ in 0..<Self.parallel { add() }
            while let (i, result) = await group.next() {
                results[i] = result
                add()
            }
        }
        return results.compactMap { $0 }
    }

    func one(_ action: BulkAction, on machine: Machine, by caller: Caller) async -> BulkItemResult {
        do {
            switch action {
            case .powerOn: try await power.perform(.on, on: machine, actor: caller.name)
            case .powerOff: try await power.perform(.off, on: machine, actor: caller.name)
            default: _ = try await disks.resetMachine(id: machine.id, by: caller)
            }
            return BulkItemResult(id: machine.id, name: machine.name)
        } catch let error as PowerServiceError {
            return BulkItemResult(id: machine.id, name: machine.name, ok: false, code: error.code, message: error.description)
        } catch let error as DriverError {
            return BulkItemResult(id: machine.id, name: machine.name, ok: false, code: error.code, message: error.description)
        } catch {
            return .failed(machine.id, machine.name, error)
        }
    }
}

import Domain
import Foundation
import Store

extension MachineService {
    /// Makes boot item `item` the machine's default. An item not yet in a non-empty menu is
    /// appended to it (an empty menu means "no menu": the default alone is booted). The rule is
    /// applied to the machine as stored, inside the update's transaction, so a concurrent change
    /// is never overwritten. With `expectedRevision` (If-Match) a stale revision is refused.
    /// - Parameter superWorkstation: also sets the super-workstation flag when given (dbc's SET_BOOT_MENU).
    public func setDefaultBootItem(id: Int64, item: Int64, superWorkstation: Bool? = nil, expectedRevision: Int64? = nil,
                                   by caller: Caller) async throws -> Machine {
        let now = context.now
        return try await context.update(Machine.self, id: id, expectedRevision: expectedRevision, by: caller,
                                        validate: { tx, old in
                                            var input = MachineInput(old)
                                            input.defaultBootItem = item
                                            input.bootItems = Self.menu(old.bootItems, withDefault: item)
                                            if let superWorkstation { input.superWorkstation = superWorkstation }
                                            return try Self.validated(input, existing: old, now: now, tx: tx)
                                        },
                                        detail: { old, new in Self.changes(from: old, to: new) },
                                        provision: { try await $0.machineChanged(old: $1, new: $2) })
    }

    /// `menu` with `item` appended when the menu is not empty and lacks it.
    static func menu(_ menu: [Int64], withDefault item: Int64) -> [Int64] {
        menu.isEmpty || menu.contains(item) ? menu : menu + [item]
    }
}

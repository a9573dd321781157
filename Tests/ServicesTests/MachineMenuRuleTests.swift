import Domain
import Foundation
import Services
import Testing

/// `MachineService.setDefaultBootItem`: the one menu rule REST, Thrift SET_BOOT_MENU and the
/// console use, over a real SQLite database.
@Suite struct MachineMenuRuleTests {
    @Test func anItemNotInANonEmptyMenuIsAppendedAndBecomesTheDefault() async throws {
        let s = try ServiceContainer.temporary()
        let (_, _, iscsi, local) = try await s.seedBootItems()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1), bootItems: [local.id]), by: admin)
        let updated = try await s.machines.setDefaultBootItem(id: m.id, item: iscsi.id, by: admin)
        #expect(updated.bootItems == [local.id, iscsi.id])
        #expect(updated.defaultBootItem == iscsi.id)
        #expect(updated.revision == m.revision + 1)
        // Already in the menu: the menu stays as it is, only the default moves.
        let again = try await s.machines.setDefaultBootItem(id: m.id, item: local.id, by: admin)
        #expect(again.bootItems == [local.id, iscsi.id] && again.defaultBootItem == local.id)
        let events = try await s.events.list(action: "machine.update")
        #expect(events.items.count == 2)
    }

    @Test func anEmptyMenuGetsTheItemAlone() async throws {
        let s = try ServiceContainer.temporary()
        let (_, _, iscsi, _) = try await s.seedBootItems()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        let updated = try await s.machines.setDefaultBootItem(id: m.id, item: iscsi.id, superWorkstation: true, by: admin)
        #expect(updated.bootItems == [iscsi.id] && updated.defaultBootItem == iscsi.id && updated.superWorkstation)
    }

    @Test func aStaleRevisionOrAMissingItemChangesNothing() async throws {
        let s = try ServiceContainer.temporary()
        let (_, _, iscsi, local) = try await s.seedBootItems()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1), bootItems: [local.id]), by: admin)
        let stale = await thrownError { _ = try await s.machines.setDefaultBootItem(id: m.id, item: iscsi.id, expectedRevision: 99, by: admin) }
        guard case .preconditionFailed = stale else { Issue.record("expected 412, got \(String(describing: stale))"); return }
        #expect(await invalidFields { _ = try await s.machines.setDefaultBootItem(id: m.id, item: 999, by: admin) } == ["bootItems[1]"])
        let kept = try await s.machines.get(id: m.id)
        #expect(kept.bootItems == [local.id] && kept.revision == m.revision)
        // Both refusals are in the audit log.
        #expect(try await s.events.list(action: "machine.update", outcome: "failure").items.count == 2)
    }

    @Test func deletingAMachineGoesThroughTheSamePipeline() async throws {
        let s = try ServiceContainer.temporary()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        #expect(try await s.machines.delete(id: m.id, by: admin))
        #expect(try await s.machines.delete(id: m.id, by: admin) == false)
        let deleted = try await s.events.list(action: "machine.delete").items
        #expect(deleted.map(\.subject) == ["machine/\(m.id)"] && deleted.first?.detail == "name=pc1")
    }
}

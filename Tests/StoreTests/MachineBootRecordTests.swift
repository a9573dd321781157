import Domain
import Foundation
import Store
import Testing

/// `recordMachineBoot`, the boot-phase batches' one statement per machine, on a real SQLite file.
@Suite struct MachineBootRecordTests {
    @Test func aBootMovesStatusUnlessALaterOneIsRecorded() async throws {
        let store = try AppStore.temporary()
        let m = try await store.write { tx in try tx.insertMachine(Machine(name: "pc01", mac: MACAddress("52:54:00:00:00:01")!)) }
        let t = Date(timeIntervalSince1970: 1_800_000_000.25)
        #expect(try await store.write { tx in try tx.recordMachineBoot(id: m.id, phase: .script, at: t) } == .moved)
        var after = try #require(try await store.read { tx in try tx.machine(id: m.id) })
        #expect(after.status == .booting && after.lastBootPhase == .script)
        #expect(abs(try #require(after.lastBootAt).timeIntervalSince(t)) < 0.001)

        // An older one is left out; the same time again moves it (a later phase at the same instant).
        #expect(try await store.write { tx in try tx.recordMachineBoot(id: m.id, phase: .dhcp, at: t - 1) } == .kept)
        #expect(try await store.read { tx in try tx.machine(id: m.id) }?.lastBootPhase == .script)
        #expect(try await store.write { tx in try tx.recordMachineBoot(id: m.id, phase: .tftp, at: t) } == .moved)
        #expect(try await store.write { tx in try tx.recordMachineBoot(id: m.id, phase: .iscsiLogin, at: t + 0.5) } == .moved)
        after = try #require(try await store.read { tx in try tx.machine(id: m.id) })
        #expect(after.lastBootPhase == .iscsiLogin)
        #expect(abs(try #require(after.lastBootAt).timeIntervalSince(t + 0.5)) < 0.001)

        #expect(try await store.write { tx in try tx.deleteMachine(id: m.id) })
        #expect(try await store.write { tx in try tx.recordMachineBoot(id: m.id, phase: .script, at: t + 1) } == .missing)
    }

    /// An event's time is stored as GRDB stores any date, and reads back.
    @Test func anEventTimeReadsBack() async throws {
        let store = try AppStore.temporary()
        let t = Date(timeIntervalSince1970: 1_800_000_000.125)
        _ = try await store.write { tx in
            try tx.insertEvent(Event(time: t, actor: "boot", action: "boot.script", subject: "machine/1", outcome: .success, detail: "x"))
        }
        let events = try await store.read { tx in try tx.events(EventListQuery(since: t - 0.0001)) }
        #expect(events.total == 1)
        #expect(abs(try #require(events.items.first).time.timeIntervalSince(t)) < 0.001)
    }
}

import Domain
import Foundation
import Services
import Testing

/// Online / offline from iSCSI sessions, agent heartbeats and the boot timeout, over a real
/// SQLite database; the target driver is a stand-in whose sessions the test sets (the real tgtd
/// with a real initiator holding a session is in StorageTests/PresenceTgtTests).
@Suite struct PresenceTests {
    let rule = PresenceRule(bootTimeout: 300, heartbeatTimeout: 60)
    let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func theRuleMovesOnlyWhatTheObservationsSay() {
        func next(_ status: MachineStatus, boot: TimeInterval? = nil, session: Bool = false, beat: TimeInterval? = nil) -> MachineStatus? {
            rule.transition(.init(status: status, lastBootAt: boot.map { t0 - $0 }, hasSession: session,
                                  lastHeartbeat: beat.map { t0 - $0 }), now: t0)?.status
        }
        #expect(next(.booting, boot: 10, session: true) == .online)
        #expect(next(.offline, session: true) == .online)
        #expect(next(.unknown, beat: 5) == .online)
        #expect(next(.online, session: true) == nil)
        #expect(next(.online) == .offline)
        #expect(next(.online, beat: 30) == nil, "a fresh heartbeat keeps it online")
        #expect(next(.online, beat: 61) == .offline, "a stale one does not")
        #expect(next(.booting, boot: 299) == nil, "still within the boot timeout")
        #expect(next(.booting, boot: 301) == .offline)
        #expect(next(.booting) == .offline, "booting without a boot time is past any timeout")
        #expect(next(.offline) == nil)
        #expect(next(.unknown) == nil)
    }

    @Test func sessionsHeartbeatsAndTheBootTimeoutMoveMachinesWithEvents() async throws {
        let clock = TestClock()
        let services = try ServiceContainer.temporary(now: { clock.now })
        let pc1 = try await services.machines.create(MachineInput(name: "pc1", mac: "52:54:00:aa:cc:01"), by: .system)
        let pc2 = try await services.machines.create(MachineInput(name: "PC2", mac: "52:54:00:aa:cc:02"), by: .system)
        let stream = services.events.subscribe()
        try await services.machines.recordBootPhase(mac: pc1.mac, phase: .script)
        try await services.machines.recordBootPhase(mac: pc2.mac, phase: .script)

        // pc1's disk has a session (names compare without case, as machine names do); pc2 none yet.
        var changes = try await services.machines.applyPresence(sessions: ["PC1"], heartbeats: [:], rule: rule)
        #expect(changes.map(\.name) == ["pc1"] && changes.first?.to == .online)
        #expect(try await services.machines.get(id: pc1.id).status == .online)
        #expect(try await services.machines.get(id: pc1.id).revision == pc1.revision, "status is an observation, not an edit")

        // The session ends: offline. pc2 is still within its boot timeout.
        clock.advance(200)
        changes = try await services.machines.applyPresence(sessions: [], heartbeats: [:], rule: rule)
        #expect(changes.map(\.name) == ["pc1"] && changes.first?.to == .offline)
        #expect(try await services.machines.get(id: pc2.id).status == .booting)

        // pc2's boot times out; pc1's agent answers, which keeps it online without a session.
        clock.advance(101)
        changes = try await services.machines.applyPresence(sessions: [], heartbeats: [pc1.id: clock.now], rule: rule)
        #expect(Set(changes.map { "\($0.name)=\($0.to.rawValue)" }) == ["PC2=offline", "pc1=online"])
        clock.advance(30)
        #expect(try await services.machines.applyPresence(sessions: [], heartbeats: [pc1.id: clock.now - 30], rule: rule).isEmpty)

        let online = try await services.events.list(action: "machine.online")
        let offline = try await services.events.list(action: "machine.offline")
        #expect(online.total == 2 && offline.total == 2)
        #expect(offline.items.contains { $0.subject == "machine/\(pc2.id)" && $0.detail.contains("boot did not reach") })

        // The same transitions reached subscribers (the SSE stream), in order.
        let seen = await withTaskGroup(of: [String]?.self) { group in
            group.addTask {
                var seen: [String] = []
                for await event in stream where event.action.hasPrefix("machine.o") {
                    seen.append("\(event.subject) \(event.action)")
                    if seen.count == 4 { break }
                }
                return seen
            }
            group.addTask {  // a bound, not a timing assertion: a missing event fails below
                try? await Task.sleep(for: .seconds(30))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? []
        }
        #expect(seen.first == "machine/\(pc1.id) machine.online")
        #expect(seen.filter { $0.hasSuffix("machine.offline") }.count == 2)
    }
}

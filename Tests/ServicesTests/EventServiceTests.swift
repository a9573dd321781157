import Domain
import Foundation
import Services
import Testing

@Suite struct EventServiceTests {
    @Test func everyMutationWritesAnEvent() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1), defaultBootItem: seed.iscsi.id), by: admin)
        var input = MachineInput(m)
        input.notes = "x"
        _ = try await s.machines.update(id: m.id, input, by: admin)
        try await s.machines.delete(id: m.id, by: admin)
        _ = try await s.images.update(id: seed.data.id, ImageInput(name: "games", sizeMiB: 128), by: admin)
        _ = try await s.bootItems.update(id: seed.local.id, BootItemInput(name: "local", label: "Local disk", kind: "local"), by: admin)
        try await s.bootItems.delete(id: seed.local.id, by: admin)
        _ = try await s.settings.update(Settings(), by: admin)
        let actions = try await s.events.list(limit: 100).items.map(\.action)
        #expect(actions == ["settings.update", "bootItem.delete", "bootItem.update", "image.update", "machine.delete",
                            "machine.update", "machine.create", "bootItem.create", "bootItem.create", "image.create", "image.create"])
        let machineEvents = try await s.events.list(subject: "machine/\(m.id)")
        #expect(machineEvents.items.allSatisfy { $0.actor == "admin" && $0.outcome == .success })
        #expect(machineEvents.total == 3)
    }

    @Test func rejectedInputIsLoggedAsFailure() async throws {
        let s = try ServiceContainer.temporary()
        _ = await thrownError { _ = try await s.machines.create(MachineInput(name: "bad name", mac: mac(1)), by: admin) }
        let failures = try await s.events.list(outcome: "failure")
        #expect(failures.items.map(\.action) == ["machine.create"])
        #expect(failures.items.first?.detail.contains("name") == true)
    }

    @Test func filtersAndPrefixes() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.seedBootItems()
        #expect(try await s.events.list(action: "image.*").total == 2)
        #expect(try await s.events.list(action: "bootItem.").total == 2)
        // A bare word finds its family (the console's "boot" finds boot.*), never a longer word.
        #expect(try await s.events.list(action: "image").total == 2)
        #expect(try await s.events.list(action: "imag").total == 0)
        #expect(try await s.events.list(action: "image.create").total == 2)
        #expect(try await s.events.list(actor: "nobody").total == 0)
        #expect(try await s.events.list(since: Date().addingTimeInterval(3600)).total == 0)
        let page = try await s.events.list(limit: 1, offset: 1)
        #expect(page.items.count == 1 && page.total == 4)
        #expect(await invalidFields { _ = try await s.events.list(outcome: "maybe") } == ["outcome"])
    }

    @Test func subscribersSeeNewEvents() async throws {
        let s = try ServiceContainer.temporary()
        let stream = s.events.subscribe()
        #expect(s.events.subscriberCount == 1)
        let reader = Task { () -> [String] in
            var seen: [String] = []
            for await e in stream {
                seen.append(e.action)
                if seen.count == 2 { break }
            }
            return seen
        }
        _ = try await s.images.create(ImageInput(name: "a", sizeMiB: 8), by: admin)
        try await s.events.record(Event(actor: "test", action: "custom.thing", subject: "x"))
        #expect(await reader.value == ["image.create", "custom.thing"])
    }

    @Test func bootsPerHourHasTwentyFourBuckets() async throws {
        let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
        let s = try ServiceContainer.temporary(now: { clock.now })
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        try await s.machines.recordBootPhase(mac: m.mac, phase: .script)
        clock.advance(-3 * 3600)
        try await s.machines.recordBootPhase(mac: m.mac, phase: .script)
        try await s.machines.recordBootPhase(mac: m.mac, phase: .dhcp)
        clock.advance(3 * 3600)
        let hours = try await s.events.bootsPerHour()
        #expect(hours.count == 24)
        #expect(hours.map(\.count).reduce(0, +) == 2)
        #expect(hours[23].count == 1 && hours[20].count == 1)
        let stats = try await s.stats.summary()
        #expect(stats.machines.total == 1)
        #expect(stats.machines.byStatus["booting"] == 1)
        #expect(stats.machines.byStatus["offline"] == 0)
        #expect(stats.bootsPerHour == hours)
    }
}

@Suite struct RetentionTests {
    @Test func startUpPrunesOldEventsAndJobsOnly() async throws {
        let clock = TestClock()
        let s = try ServiceContainer.temporary(now: { clock.now })
        _ = try await s.images.create(ImageInput(name: "old", sizeMiB: 8), by: admin)
        let job = try await s.jobs.start(kind: "image.import", subject: "image/1", by: admin) { _ in "done" }
        _ = try await s.jobs.wait(id: job.id)
        clock.advance(TimeInterval(LimitSettings().eventsMaxAgeDays) * 24 * 3600 + 60)
        _ = try await s.images.create(ImageInput(name: "new", sizeMiB: 8), by: admin)
        let report = try await s.startUp()
        #expect(report.prunedEvents == 3) // image.create, job.start, job.succeeded
        let left = try await s.events.list().items.map(\.action)
        #expect(left == ["user.create", "image.create"])
        #expect(try await s.jobs.list().total == 0)
    }
}

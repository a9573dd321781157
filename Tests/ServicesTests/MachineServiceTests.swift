import Domain
import Foundation
import Services
import Testing

@Suite struct MachineServiceTests {
    @Test func createsAMachineWithDefaults() async throws {
        let s = try ServiceContainer.temporary()
        let m = try await s.machines.create(MachineInput(name: "pc01", mac: "52-54-00-12-34-56"), by: admin)
        #expect(m.id > 0)
        #expect(m.mac.description == "52:54:00:12:34:56")
        #expect(m.diskMode == .resetOnBoot)
        #expect(m.status == .unknown)
        #expect(m.revision == 1)
        #expect(m.chapSecret == nil)
        #expect(try await s.machines.get(id: m.id).name == "pc01")
        #expect(try await s.machines.byMAC(MACAddress("525400123456")!)?.id == m.id)
    }

    @Test(arguments: [
        ("pc 01", "name"), ("pc\n01", "name"), ("pc\"01", "name"), ("../pc", "name"), ("-pc", "name"), ("", "name"),
    ])
    func rejectsHostileNames(_ name: String, _ field: String) async throws {
        let s = try ServiceContainer.temporary()
        #expect(await invalidFields { _ = try await s.machines.create(MachineInput(name: name, mac: mac(1)), by: admin) } == [field])
        #expect(try await s.machines.list().total == 0)
    }

    @Test func namesEveryBadField() async throws {
        let s = try ServiceContainer.temporary()
        let input = MachineInput(name: "pc 1", mac: "52:54:00:12:34", ip: "10.0.0.256", diskMode: "sometimes",
                                 power: PowerInput(driver: "webhook", webhookURL: "javascript:alert(1)"), notes: "a\nb")
        let fields = await invalidFields { _ = try await s.machines.create(input, by: admin) }
        #expect(Set(fields) == ["name", "mac", "ip", "diskMode", "notes", "power.webhookURL"])
    }

    @Test func powerFieldsAreChecked() async throws {
        let s = try ServiceContainer.temporary()
        let fields = await invalidFields {
            _ = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1),
                power: PowerInput(driver: "ipmi", wolBroadcast: "1.2.3", ipmiUser: "-o ProxyCommand")), by: admin)
        }
        #expect(Set(fields) == ["power.wolBroadcast", "power.ipmiHost", "power.ipmiUser"])
    }

    @Test func nameMACAndIPAreUnique() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.machines.create(MachineInput(name: "PC01", mac: mac(1), ip: "192.168.1.10"), by: admin)
        for input in [MachineInput(name: "pc01", mac: mac(2)),
                      MachineInput(name: "pc02", mac: mac(1).uppercased().replacingOccurrences(of: ":", with: "-")),
                      MachineInput(name: "pc03", mac: mac(3), ip: "192.168.1.10")] {
            let e = await thrownError { _ = try await s.machines.create(input, by: admin) }
            guard case .conflict = e else { Issue.record("expected conflict for \(input), got \(String(describing: e))"); continue }
        }
        #expect(try await s.machines.list().total == 1)
    }

    @Test func bootMenuRules() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        let alone = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1), defaultBootItem: seed.iscsi.id), by: admin)
        #expect(alone.bootItems == [seed.iscsi.id])
        #expect(alone.defaultBootItem == seed.iscsi.id)
        let first = try await s.machines.create(MachineInput(name: "pc2", mac: mac(2), bootItems: [seed.local.id, seed.iscsi.id]), by: admin)
        #expect(first.defaultBootItem == seed.local.id)
        #expect(await invalidFields {
            _ = try await s.machines.create(MachineInput(name: "pc3", mac: mac(3), defaultBootItem: seed.iscsi.id,
                                                         bootItems: [seed.local.id]), by: admin)
        } == ["defaultBootItem"])
        #expect(await invalidFields {
            _ = try await s.machines.create(MachineInput(name: "pc4", mac: mac(4), bootItems: [seed.local.id, 999]), by: admin)
        } == ["bootItems[1]"])
    }

    @Test func chapGeneratesASecretAndUpdateKeepsIt() async throws {
        let s = try ServiceContainer.temporary()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1), chap: true), by: admin)
        let secret = try #require(m.chapSecret)
        #expect(secret.count == 16)
        #expect(secret.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        var input = MachineInput(m)
        input.notes = "edited"
        let u = try await s.machines.update(id: m.id, input, by: admin)
        #expect(u.chapSecret == secret)
        input.chap = false
        #expect(try await s.machines.update(id: m.id, input, by: admin).chapSecret == nil)
    }

    @Test func updateChecksTheRevision() async throws {
        let s = try ServiceContainer.temporary()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        var input = MachineInput(m)
        input.group = "lab"
        let u = try await s.machines.update(id: m.id, input, expectedRevision: 1, by: admin)
        #expect(u.revision == 2)
        #expect(u.group == "lab")
        let e = await thrownError { _ = try await s.machines.update(id: m.id, input, expectedRevision: 1, by: admin) }
        guard case .preconditionFailed = e else { Issue.record("expected 412, got \(String(describing: e))"); return }
        #expect(try await s.machines.get(id: m.id).revision == 2)
    }

    @Test func deleteIsIdempotentAndMissingIsNotFound() async throws {
        let s = try ServiceContainer.temporary()
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        #expect(try await s.machines.delete(id: m.id, by: admin))
        #expect(try await !s.machines.delete(id: m.id, by: admin))
        let e = await thrownError { _ = try await s.machines.get(id: m.id) }
        #expect(e == .notFound(.machineNotFound, "machine \(m.id)"))
    }

    @Test func listFiltersSortsAndPaginates() async throws {
        let s = try ServiceContainer.temporary()
        for i in 1...12 {
            _ = try await s.machines.create(MachineInput(name: "pc\(String(format: "%02d", i))", mac: mac(i), ip: "10.0.0.\(100 - i)",
                                                         group: i % 2 == 0 ? "even" : "odd"), by: admin)
        }
        let page = try await s.machines.list(MachineQuery(group: "even", sort: "-name", limit: 4, offset: 1))
        #expect(page.total == 6)
        #expect(page.items.map(\.name) == ["pc10", "pc08", "pc06", "pc04"])
        let byIP = try await s.machines.list(MachineQuery(sort: "ip", limit: 2))
        #expect(byIP.items.map(\.name) == ["pc12", "pc11"])
        #expect(try await s.machines.list(MachineQuery(q: "pc1")).total == 3)
        #expect(try await s.machines.list(MachineQuery(q: "10.0.0.95")).items.map(\.name) == ["pc05"])
        #expect(await invalidFields { _ = try await s.machines.list(MachineQuery(status: "asleep", sort: "color", limit: 0, offset: -1)) }
                .sorted() == ["limit", "offset", "sort", "status"])
    }

    @Test func bootPhaseMarksBootingAndUnknownMACsAreDiscovered() async throws {
        let clock = TestClock()
        let s = try ServiceContainer.temporary(now: { clock.now })
        let m = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1)), by: admin)
        let booted = try await s.machines.recordBootPhase(mac: m.mac, phase: .script, ip: IPv4Address("192.168.1.50"))
        #expect(booted?.status == .booting)
        let stored = try await s.machines.get(id: m.id)
        #expect(stored.status == .booting)
        #expect(stored.lastBootPhase == .script)
        #expect(stored.lastBootAt != nil)
        #expect(stored.revision == 1, "observations must not bump the revision")
        #expect(try await s.machines.recordBootPhase(mac: MACAddress(mac(9))!, phase: .dhcp, ip: nil, platform: "efi") == nil)
        #expect(try await s.discovery.list().map(\.mac.description) == [mac(9)])
        #expect(try await s.events.bootsPerHour().last?.count == 1)
    }
}

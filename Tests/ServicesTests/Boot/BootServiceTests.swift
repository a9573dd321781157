import Domain
import Foundation
import Render
import Services
import Testing

/// BootService against a real SQLite database (a temporary data directory).
@Suite struct BootServiceTests {
    /// Records every boot event the provisioner is asked for.
    actor BootEvents: Provisioner {
        var machines: [String] = []
        func bootEvent(machine: Machine) async throws { machines.append(machine.name) }
        func names() -> [String] { machines }
    }

    struct Site {
        let services: ServiceContainer
        let boot: BootService
        let events: BootEvents
        let pc01: Machine
        let win10: BootItem
    }

    static func site(firstLUN: Int = 1, chap: Bool = false) async throws -> Site {
        let events = BootEvents()
        let services = try ServiceContainer.temporary(provisioner: events)
        var settings = try await services.settings.get()
        settings.iscsi.serverAddress = IPv4Address(10, 99, 0, 1)
        settings.iscsi.chap = chap
        settings.http.publicBaseURL = "http://10.99.0.1:8050"
        _ = try await services.settings.update(settings, by: .system)
        let os = try await services.images.create(ImageInput(name: "win10", kind: "os", sizeMiB: 64), by: .system)
        let data = try await services.images.create(ImageInput(name: "games", kind: "data", sizeMiB: 64), by: .system)
        let win10 = try await services.bootItems.create(BootItemInput(name: "win10", label: "Windows 10", kind: "iscsi",
                                                                      osImage: os.id, dataImages: [data.id]), by: .system)
        var input = MachineInput(name: "pc01", mac: "52:54:00:aa:bb:01", defaultBootItem: win10.id, bootItems: [win10.id])
        input.chap = chap
        let pc01 = try await services.machines.create(input, by: .system)
        // The kernel's neighbour table as the server would see it: pc01 at .101, another PC at .102.
        let arp = FileManager.default.temporaryDirectory.appendingPathComponent("arp-\(UUID().uuidString)")
        try """
        IP address       HW type     Flags       HW address            Mask     Device
        10.99.0.101      0x1         0x2         52:54:00:aa:bb:01     *        br0
        10.99.0.102      0x1         0x2         52:54:00:aa:bb:02     *        br0
        """.write(to: arp, atomically: true, encoding: .utf8)
        let boot = BootService(services: services, firstLUN: firstLUN, listenPort: 8050, neighbours: NeighborTable(path: arp.path))
        return Site(services: services, boot: boot, events: events, pc01: pc01, win10: win10)
    }

    @Test func servingTheScriptIsTheBootEvent() async throws {
        let site = try await Self.site()
        let script = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01)
        #expect(script.contains("sanhook --drive 0x80 iscsi:10.99.0.1::3260:1:iqn.2022-10.org.dbc.iscsi:pc01 || goto failed"))
        #expect(script.contains("sanhook --drive 0x81 --no-describe iscsi:10.99.0.1::3260:2:iqn.2022-10.org.dbc.iscsi:pc01 || goto failed"))
        #expect(script.contains("set initiator-iqn iqn.2022-10.org.dbc.iscsi:client.525400aabb01"))
        #expect(await site.events.names() == ["pc01"])
        await site.services.bootPhases.flush()  // the boot event's record is written in batches
        let machine = try await site.services.machines.get(id: site.pc01.id)
        #expect(machine.status == .booting && machine.lastBootPhase == .script)
    }

    @Test func lioTargetsStartAtLUNZero() async throws {
        let site = try await Self.site(firstLUN: 0)
        let script = await site.boot.script(forMAC: site.pc01.mac)
        #expect(script.contains("::3260:0:iqn.2022-10.org.dbc.iscsi:pc01"))
        #expect(script.contains("::3260:1:iqn.2022-10.org.dbc.iscsi:pc01"))
    }

    @Test func chapMachinesSendTheirSecret() async throws {
        let site = try await Self.site(chap: true)
        let secret = try #require(try await site.services.machines.get(id: site.pc01.id).chapSecret)
        let script = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01)
        #expect(script.contains("set username iqn.2022-10.org.dbc.iscsi:client.525400aabb01\nset password \(secret)\n"))
    }

    static let fromPC01 = BootClient(platform: "pcbios", ip: IPv4Address(10, 99, 0, 101))
    static let fromPC02 = BootClient(platform: "pcbios", ip: IPv4Address(10, 99, 0, 102))

    @Test func anotherMachineAskingGetsNoSecretAndTriggersNothing() async throws {
        let site = try await Self.site(chap: true)
        let secret = try #require(try await site.services.machines.get(id: site.pc01.id).chapSecret)
        for client in [Self.fromPC02, BootClient(ip: IPv4Address(192, 168, 7, 7)), BootClient()] {
            let script = await site.boot.script(forMAC: site.pc01.mac, client: client)
            #expect(script.contains("sanhook --drive 0x80 iscsi:10.99.0.1::3260:1:iqn.2022-10.org.dbc.iscsi:pc01"), "the menu is served")
            #expect(!script.contains(secret) && !script.contains("set password"))
        }
        _ = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC02)  // again within the minute
        #expect(await site.events.names().isEmpty, "no reset")
        let machine = try await site.services.machines.get(id: site.pc01.id)
        #expect(machine.lastBootPhase == nil && machine.status != .booting)
        let refused = try await site.services.events.list(action: "boot.refused").items
        #expect(refused.count == 3, "one per asking address a minute: \(refused.map(\.detail))")
        #expect(refused.contains { $0.detail.hasPrefix("from=10.99.0.102 mac=52:54:00:aa:bb:01: 10.99.0.102 belongs to 52:54:00:aa:bb:02") })
        #expect(refused.allSatisfy { $0.subject == "machine/\(site.pc01.id)" && $0.outcome == .failure })
    }

    @Test func theLabSettingLetsAnyAddressTriggerTheBootEvent() async throws {
        let site = try await Self.site(chap: true)
        var settings = try await site.services.settings.get()
        settings.http.trustAnyBootClient = true
        _ = try await site.services.settings.update(settings, by: .system)
        let script = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC02)
        #expect(script.contains("set password"))
        #expect(await site.events.names() == ["pc01"])
    }

    @Test func unknownMACIsRecordedWithoutABootEvent() async throws {
        let site = try await Self.site()
        let mac = try #require(MACAddress("52:54:00:de:ad:02"))
        let script = await site.boot.script(forMAC: mac, client: BootClient(platform: "efi"))
        #expect(script.contains("this machine is not registered"))
        #expect(try await site.services.discovery.list().map(\.mac) == [mac])
        #expect(await site.events.names().isEmpty)
    }

    @Test func previewDoesNotCountAsABoot() async throws {
        let site = try await Self.site()
        let text = try await site.boot.preview(bootItem: site.win10.id, machine: site.pc01.id)
        #expect(text.contains("item boot-win10 Windows 10"))
        #expect(await site.events.names().isEmpty)
        let sample = try await site.boot.preview(bootItem: site.win10.id)
        #expect(sample.contains("iqn.2022-10.org.dbc.iscsi:preview"))
    }

    @Test func configPreviewsRenderFromTheSettings() async throws {
        let site = try await Self.site()
        #expect(try await site.boot.configPreview(.dnsmasq).contains("dhcp-host=52:54:00:aa:bb:01,pc01\n"))
        #expect(try await site.boot.configPreview(.isc).contains("filename \"http://10.99.0.1:8050/boot.ipxe\";"))
        #expect(try await site.boot.configPreview(.bootIPXECfg).contains("set iscsi-server 10.99.0.1\n"))
        #expect(try await site.boot.configPreview(.dnsmasqProxy).contains("dhcp-range=192.168.1.0,proxy,255.255.255.0\n"))
    }

    @Test func baseURLFallsBackToTheHostTheClientUsed() async throws {
        let site = try await Self.site()
        var settings = try await site.services.settings.get()
        settings.http.publicBaseURL = ""
        #expect(site.boot.baseURL(settings, host: "10.0.0.9:8080") == "http://10.0.0.9:8080")
        #expect(site.boot.baseURL(settings, host: "evil\nhost") == "http://10.99.0.1:8050")
        #expect(site.boot.baseURL(settings, host: "h\u{00F4}st:8080") == "http://10.99.0.1:8050", "non-ASCII: not a plain host")
        #expect(site.boot.baseURL(settings, host: "[fe80::1]:8050") == "http://[fe80::1]:8050")
        #expect(site.boot.baseURL(settings) == "http://10.99.0.1:8050")
    }
}

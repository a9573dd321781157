import Domain
import Foundation
import Services
import Store
import Testing

/// The boot door keeps rendered scripts (`BootScriptCache`) while the store's generation stands:
/// every change a script is made of must show in the next script, the boot event (and its reset)
/// must happen on every request, and the secret-free variant must stay secret-free.
@Suite struct BootScriptCacheTests {
    typealias Site = BootServiceTests.Site
    static let fromPC01 = BootServiceTests.fromPC01

    /// The site after one script was served (and so kept).
    static func warmSite(chap: Bool = false) async throws -> (Site, String) {
        let site = try await BootServiceTests.site(chap: chap)
        let first = await site.boot.script(forMAC: site.pc01.mac, client: fromPC01)
        #expect(await site.boot.script(forMAC: site.pc01.mac, client: fromPC01) == first, "the kept script is the same")
        return (site, first)
    }

    @Test func aMachineEditShowsInTheNextScript() async throws {
        let (site, first) = try await Self.warmSite()
        #expect(first.contains("menu disklessd: pc01 "))
        let input = MachineInput(name: "pc01b", mac: "52:54:00:aa:bb:01", defaultBootItem: site.win10.id, bootItems: [site.win10.id])
        _ = try await site.services.machines.update(id: site.pc01.id, input, by: .system)
        let next = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01)
        #expect(next.contains("menu disklessd: pc01b ") && next.contains("iqn.2022-10.org.dbc.iscsi:pc01b"))
    }

    @Test func aBootItemEditShowsInTheNextScript() async throws {
        let (site, first) = try await Self.warmSite()
        #expect(first.contains("item boot-win10 Windows 10"))
        let input = BootItemInput(name: "win10", label: "Windows 11", kind: "iscsi", osImage: site.win10.osImage,
                                  dataImages: site.win10.dataImages)
        _ = try await site.services.bootItems.update(id: site.win10.id, input, by: .system)
        let next = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01)
        #expect(next.contains("item boot-win10 Windows 11") && !next.contains("Windows 10"))
    }

    @Test func aSettingsChangeShowsInTheNextScriptAndTheGenericOne() async throws {
        let (site, first) = try await Self.warmSite()
        let generic = try await site.boot.genericScript()
        #expect(first.contains("iscsi:10.99.0.1::3260:1:") && generic.contains("set base-url http://10.99.0.1:8050\n"))
        var settings = try await site.services.settings.get()
        settings.iscsi.serverAddress = IPv4Address(10, 99, 0, 2)
        settings.http.publicBaseURL = "http://10.99.0.2:8050"
        _ = try await site.services.settings.update(settings, by: .system)
        let next = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01)
        #expect(next.contains("iscsi:10.99.0.2::3260:1:") && !next.contains("10.99.0.1"))
        #expect(try await site.boot.genericScript().contains("set base-url http://10.99.0.2:8050\n"))
    }

    @Test func anImageVersionMovesTheGeneration() async throws {
        let (site, _) = try await Self.warmSite()
        let store = site.services.store
        let before = store.bootInputsGeneration
        let imageID = try #require(site.win10.osImage)
        try await store.write { tx in
            var image = try #require(try tx.image(id: imageID))
            image.versions.append(ImageVersion(n: 1))
            image.currentVersion = 1
            _ = try tx.updateImage(image)
        }
        #expect(store.bootInputsGeneration > before)
    }

    @Test func theBootRecordDoesNotMoveTheGeneration() async throws {
        let (site, _) = try await Self.warmSite()
        await site.services.bootPhases.flush()  // writes status, phase, time and a boot.script event
        let store = site.services.store
        let before = store.bootInputsGeneration
        _ = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01)
        await site.services.bootPhases.flush()
        #expect(store.bootInputsGeneration == before)
        let machine = try await site.services.machines.get(id: site.pc01.id)
        #expect(machine.status == .booting && machine.lastBootPhase == .script)
    }

    @Test func everyRequestIsABootEventAndResets() async throws {
        let (site, _) = try await Self.warmSite()
        _ = await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01)
        #expect(await site.events.names() == ["pc01", "pc01", "pc01"], "one reset per request, the kept script or not")
    }

    @Test func theOwnersSecretNeverReachesAStranger() async throws {
        let (site, first) = try await Self.warmSite(chap: true)
        let secret = try #require(try await site.services.machines.get(id: site.pc01.id).chapSecret)
        #expect(first.contains("set password \(secret)"))
        for _ in 0..<2 {
            let stranger = await site.boot.script(forMAC: site.pc01.mac, client: BootServiceTests.fromPC02)
            #expect(!stranger.contains(secret) && !stranger.contains("set password"))
        }
        #expect(await site.boot.script(forMAC: site.pc01.mac, client: Self.fromPC01) == first)
        #expect(await site.events.names().count == 3, "the stranger reset nothing")
    }
}

import BootHTTP
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Services
import Testing

/// The boot endpoints over Hummingbird's test client, against a real SQLite database in a
/// temporary directory and real files for the assets.
@Suite struct BootRoutesTests {
    struct Site {
        let services: ServiceContainer
        let root: URL
        let app: Application<RouterResponder<BasicRequestContext>>
    }

    static func site(burst: Int = 1000, listing: Bool = false) throws -> Site {
        let services = try ServiceContainer.temporary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("boothttp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let boot = BootService(services: services, firstLUN: 1, listenPort: 8050)
        let assets = AssetServer(config: { (root.path, listing) })
        let router = Router()
        BootRoutes(boot: boot, assets: assets, limiter: RateLimiter(burst: burst, perSecond: 0)).register(on: router)
        return Site(services: services, root: root, app: Application(router: router))
    }

    /// Over a real socket: the HTTP/1 server turns the Host header into the request's authority.
    @Test func genericScriptUsesTheHostTheClientCalled() async throws {
        let site = try Self.site()
        try await site.app.test(.live) { client in
            // The test client sends "Host: localhost"; iPXE sends the address and port it was given.
            try await client.execute(uri: "/boot.ipxe", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("#!ipxe\n"))
                #expect(text.contains("set base-url http://localhost\n"))
            }
        }
    }

    @Test func unknownMACIsDiscoveredAndToldToRegister() async throws {
        let site = try Self.site()
        try await site.app.test(.router) { client in
            try await client.execute(uri: "/boot/52-54-00-DE-AD-01.ipxe?platform=efi&buildarch=x86_64", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("echo MAC address: 52:54:00:de:ad:01"))
            }
        }
        let discovered = try await site.services.discovery.list()
        #expect(discovered.map(\.mac.description) == ["52:54:00:de:ad:01"])
        #expect(discovered.first?.platform == "efi")
    }

    @Test func knownMachineGetsItsMenuAndIsBooting() async throws {
        let site = try Self.site()
        let item = try await site.services.bootItems.create(
            BootItemInput(name: "netboot", label: "netboot.xyz", kind: "chain", url: "https://boot.netboot.xyz/ipxe/netboot.xyz.ipxe"),
            by: .system)
        let machine = try await site.services.machines.create(
            MachineInput(name: "pc01", mac: "52:54:00:aa:bb:01", defaultBootItem: item.id, bootItems: [item.id]), by: .system)
        try await site.app.test(.router) { client in
            try await client.execute(uri: "/boot/525400aabb01.ipxe?platform=pcbios", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("menu disklessd: pc01 (52:54:00:aa:bb:01)"))
                #expect(text.contains("chain https://boot.netboot.xyz/ipxe/netboot.xyz.ipxe || goto failed"))
            }
        }
        await site.services.bootPhases.flush()  // the boot event's record is written in batches
        let after = try await site.services.machines.get(id: machine.id)
        #expect(after.status == .booting)
        #expect(after.lastBootPhase == .script)
    }

    @Test func machineThatMayNotBootIsToldSo() async throws {
        let site = try Self.site()
        var input = MachineInput(name: "blocked", mac: "52:54:00:aa:bb:03")
        input.allowBoot = false
        _ = try await site.services.machines.create(input, by: .system)
        try await site.app.test(.router) { client in
            try await client.execute(uri: "/boot/52:54:00:aa:bb:03.ipxe", method: .get) { response in
                #expect(String(buffer: response.body).contains("is not allowed to boot from the network"))
            }
        }
    }

    @Test func badMACIsNotFound() async throws {
        let site = try Self.site()
        try await site.app.test(.router) { client in
            for uri in ["/boot/nonsense.ipxe", "/boot/525400aabb01.txt", "/boot/525400aabb0.ipxe"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
        }
    }

    @Test func clientsOverTheirBudgetGet429() async throws {
        let site = try Self.site(burst: 2)
        try await site.app.test(.router) { client in
            for expected: HTTPResponse.Status in [.ok, .ok, .tooManyRequests] {
                try await client.execute(uri: "/boot.ipxe", method: .get) { response in
                    #expect(response.status == expected)
                }
            }
        }
    }
}

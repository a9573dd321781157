import BootHTTP
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Services
import Testing

/// The boot endpoints over Hummingbird's test client, against a real SQLite database in a
/// temporary directory and real files for the assets.
@Suite struct BootRoutesTests {
    /// A context that knows the peer, like the app's `APIContext`.
    struct PeerContext: RequestContext, RemoteAddressRequestContext {
        var coreContext: CoreRequestContextStorage
        let remoteAddress: SocketAddress?
        init(source: ApplicationRequestContextSource) {
            coreContext = .init(source: source)
            remoteAddress = source.channel.remoteAddress
        }
    }

    struct Site {
        let services: ServiceContainer
        let root: URL
        let app: Application<RouterResponder<PeerContext>>
    }

    /// - Parameter neighbours: lines of the neighbour table the boot service sees (`IP MAC`).
    static func site(burst: Int = 1000, listing: Bool = false, neighbours: [(String, String)] = []) throws -> Site {
        let services = try ServiceContainer.temporary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("boothttp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let arp = root.appendingPathComponent(".arp")
        try (["IP address       HW type     Flags       HW address            Mask     Device"]
            + neighbours.map { "\($0.0)  0x1  0x2  \($0.1)  *  br0" }).joined(separator: "\n").write(to: arp, atomically: true, encoding: .utf8)
        let boot = BootService(services: services, firstLUN: 1, listenPort: 8050, neighbours: NeighborTable(path: arp.path))
        let assets = AssetServer(config: { (root.path, listing) })
        let router = Router(context: PeerContext.self)
        BootRoutes(boot: boot, assets: assets, limiter: RateLimiter(burst: burst, perSecond: 0)).register(on: router)
        return Site(services: services, root: root, app: Application(router: router))
    }

    static func trust(_ site: Site, proxies: [IPv4Address] = [], anyClient: Bool = false) async throws {
        var settings = try await site.services.settings.get()
        settings.http.trustedProxies = proxies
        settings.http.trustAnyBootClient = anyClient
        _ = try await site.services.settings.update(settings, by: .system)
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
        try await Self.trust(site, anyClient: true)
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

    /// Over a real socket from 127.0.0.1, as a trusted proxy naming the PCs behind it.
    @Test func eachClientHasItsOwnBucketAndXForwardedForCountsOnlyFromATrustedProxy() async throws {
        let site = try Self.site(burst: 2)
        try await site.app.test(.live) { client in
            func get(_ forwarded: String) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(uri: "/boot.ipxe", method: .get, headers: [BootRoutes.forwardedFor: forwarded]) {
                    ($0.status, String(buffer: $0.body))
                }
            }
            // No trusted proxy: the header is ignored, every request is 127.0.0.1's.
            #expect(try await get("10.0.0.1").0 == .ok)
            #expect(try await get("10.0.0.2").0 == .ok)
            let refused = try await get("10.0.0.3")
            #expect(refused.0 == .tooManyRequests && refused.1.contains("from 127.0.0.1"))
            try await Self.trust(site, proxies: [IPv4Address(127, 0, 0, 1)])
            #expect(try await get("10.0.0.1").0 == .ok)
            #expect(try await get("10.0.0.1").0 == .ok)
            let limited = try await get("10.0.0.1")
            #expect(limited.0 == .tooManyRequests && limited.1.contains("from 10.0.0.1"))
            #expect(try await get("10.0.0.2").0 == .ok, "another client is served")
        }
    }

    @Test func onlyTheMachineItselfTriggersItsBootEvent() async throws {
        let site = try Self.site(neighbours: [("10.0.0.101", "52:54:00:aa:bb:01"), ("10.0.0.102", "52:54:00:aa:bb:02")])
        try await Self.trust(site, proxies: [IPv4Address(127, 0, 0, 1)])
        let item = try await site.services.bootItems.create(
            BootItemInput(name: "netboot", label: "netboot.xyz", kind: "chain", url: "https://boot.netboot.xyz/ipxe/netboot.xyz.ipxe"),
            by: .system)
        let machine = try await site.services.machines.create(
            MachineInput(name: "pc01", mac: "52:54:00:aa:bb:01", defaultBootItem: item.id, bootItems: [item.id]), by: .system)
        try await site.app.test(.live) { client in
            try await client.execute(uri: "/boot/525400aabb01.ipxe", method: .get,
                                     headers: [BootRoutes.forwardedFor: "10.0.0.102"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("menu disklessd: pc01"))
            }
            await site.services.bootPhases.flush()  // the boot event's record is written in batches
            #expect(try await site.services.machines.get(id: machine.id).lastBootPhase == nil)
            let refused = try await site.services.events.list(action: "boot.refused").items
            #expect(refused.map(\.detail).first?.hasPrefix("from=10.0.0.102 ") == true)
            try await client.execute(uri: "/boot/525400aabb01.ipxe", method: .get,
                                     headers: [BootRoutes.forwardedFor: "10.0.0.101"]) { response in
                #expect(response.status == .ok)
            }
            await site.services.bootPhases.flush()
            let after = try await site.services.machines.get(id: machine.id)
            #expect(after.status == .booting && after.lastBootPhase == .script)
        }
    }

    @Test func badRequestsAreCleanClientErrorsAndWriteNothing() async throws {
        let site = try Self.site()
        try await Self.trust(site, anyClient: true)
        let machine = try await site.services.machines.create(MachineInput(name: "pc01", mac: "52:54:00:aa:bb:01"), by: .system)
        // 60 KB: a 100 KB request line is refused by the HTTP parser itself (400, then close:
        // the boot-http tier sends one with curl), a shorter one reaches the routes' 414.
        let huge = String(repeating: "a", count: 60 * 1024)
        try await site.app.test(.live) { client in
            for uri in ["/boot/52:54:00:aa:bb.ipxe", "/boot/52-54-00-aa-bb-01-02.ipxe", "/boot/zz5400aabb01.ipxe",
                        "/boot/525400aabb01.ipxe/extra", "/boot/x/525400aabb01.ipxe", "/boot/525400aabb01.ipxe?platform=\(huge)",
                        "/boot/525400aabb02.ipxe?uuid=\(huge)", "/boot.ipxe?\(huge)"] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect((400..<500).contains(response.status.code), "\(uri.prefix(60)): \(response.status)")
                }
            }
        }
        #expect(try await site.services.discovery.list().isEmpty)
        #expect(try await site.services.events.list(action: "boot.script").items.isEmpty)
        #expect(try await site.services.machines.get(id: machine.id).lastBootPhase == nil)
    }
}

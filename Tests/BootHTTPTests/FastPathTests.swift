import API
import BootHTTP
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Services
import Testing

/// The boot fast path (`FastPathHandler` + `BootRoutes.fastPathHandler`) in the app's own HTTP
/// server (`HTTPServerLimits.server`: caps, timeouts, the handler after Hummingbird's connection
/// state), over real sockets, against a real database: the first request of a script goes
/// through the router and fills the cache, later ones are answered before it.
@Suite struct FastPathTests {
    struct Site {
        let services: ServiceContainer
        let routes: BootRoutes
        let app: Application<RouterResponder<BootRoutesTests.PeerContext>>
    }

    static func site(burst: Int = 1000, neighbours: [(String, String)] = [], limits: LimitSettings = LimitSettings()) throws -> Site {
        let services = try ServiceContainer.temporary()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fastpath-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let arp = root.appendingPathComponent(".arp")
        try (["IP address       HW type     Flags       HW address            Mask     Device"]
            + neighbours.map { "\($0.0)  0x1  0x2  \($0.1)  *  br0" }).joined(separator: "\n").write(to: arp, atomically: true, encoding: .utf8)
        let boot = BootService(services: services, firstLUN: 1, listenPort: 8050, neighbours: NeighborTable(path: arp.path))
        let routes = BootRoutes(boot: boot, assets: AssetServer(config: { (root.path, false) }),
                                limiter: RateLimiter(burst: burst, perSecond: 0))
        let router = Router(context: BootRoutesTests.PeerContext.self)
        routes.register(on: router)
        let logger = Logger(label: "fastpath-test")
        let server = HTTPServerLimits(limits: limits, trustedProxies: [])
            .server(logger: logger, fastPath: { routes.fastPathHandler(countsRequests: false) })
        return Site(services: services, routes: routes, app: Application(router: router, server: server, logger: logger))
    }

    /// A machine without disks whose menu chains netboot.xyz.
    static func machine(_ site: Site, name: String = "pc01", mac: String = "52:54:00:aa:bb:01") async throws -> Machine {
        let item = try await site.services.bootItems.create(
            BootItemInput(name: "netboot-\(name)", label: "netboot.xyz", kind: "chain", url: "https://boot.netboot.xyz/ipxe/netboot.xyz.ipxe"),
            by: .system)
        return try await site.services.machines.create(MachineInput(name: name, mac: mac, defaultBootItem: item.id, bootItems: [item.id]),
                                                       by: .system)
    }

    static func trust(_ services: ServiceContainer, proxies: [IPv4Address] = [], anyClient: Bool = false) async throws {
        var settings = try await services.settings.get()
        settings.http.trustedProxies = proxies
        settings.http.trustAnyBootClient = anyClient
        _ = try await services.settings.update(settings, by: .system)
    }

    /// Script requests recorded: `boot.script` events, one that `BootPhaseLog` coalesced counting
    /// as its ` repeats=N`.
    static func scriptEvents(_ site: Site) async throws -> Int {
        await site.services.bootPhases.flush()
        return try await site.services.events.list(action: "boot.script").items.reduce(0) { n, event in
            n + (event.detail.split(separator: " ").first { $0.hasPrefix("repeats=") }.flatMap { Int($0.dropFirst(8)) } ?? 1)
        }
    }

    @Test func fastAnswersAreTheRoutersBytesAndRecordTheSameBootEvent() async throws {
        let site = try Self.site()
        try await Self.trust(site.services, anyClient: true)
        _ = try await Self.machine(site)
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            for path in ["/boot/525400aabb01.ipxe?platform=efi", "/boot.ipxe"] {
                let slow = try await RawHTTP.exchange(port: port, [RawHTTP.get(path, close: true)])
                #expect(site.routes.fastAnswers.value == 0 || path == "/boot.ipxe")
                let before = site.routes.fastAnswers.value
                let fast = try await RawHTTP.exchange(port: port, [RawHTTP.get(path), RawHTTP.get(path, close: true)])
                #expect(site.routes.fastAnswers.value == before + 1, "the first of the two is answered from the cache")
                #expect(slow.count == 1 && fast.count == 2)
                #expect(fast[0].undated == slow[0].undated && fast[0].status == 200, "\(path): same status, headers and body")
                // Both carry Hummingbird's Date, in the same format (the second may differ).
                let dates = [fast[0].date, slow[0].date].compactMap { $0 }
                #expect(dates.count == 2 && dates.allSatisfy { $0.count == 29 && $0.hasSuffix(" GMT") }, "\(dates)")
                #expect(fast[0].headers.contains("Cache-Control: no-store"))
            }
            #expect(try await Self.scriptEvents(site) == 3, "one boot.script per script request, either path")
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        let site = try Self.site()
        try await Self.trust(site.services, anyClient: true)
        _ = try await Self.machine(site)
        _ = try await Self.machine(site, name: "pc02", mac: "52:54:00:aa:bb:02")
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            _ = try await RawHTTP.exchange(port: port, [RawHTTP.get("/boot/525400aabb01.ipxe"), RawHTTP.get("/boot.ipxe", close: true)])
            let before = site.routes.fastAnswers.value
            // Fast, slow (unknown MAC), fast-able but behind a slow one, slow (pc02's first), fast, slow (a 404), fast.
            let paths = ["/boot/525400aabb01.ipxe", "/boot/525400ffff09.ipxe", "/boot/525400aabb01.ipxe", "/boot/525400aabb02.ipxe",
                         "/boot.ipxe", "/boot/nonsense.ipxe", "/boot/525400aabb02.ipxe"]
            let responses = try await RawHTTP.exchange(port: port, paths.enumerated().map { RawHTTP.get($1, close: $0 == paths.count - 1) })
            try #require(responses.count == paths.count)
            #expect(responses.map(\.status) == [200, 200, 200, 200, 200, 404, 200])
            #expect(responses[0].body.contains("menu disklessd: pc01 "))
            #expect(responses[1].body.contains("echo MAC address: 52:54:00:ff:ff:09"))
            #expect(responses[2].body.contains("menu disklessd: pc01 "))
            #expect(responses[3].body.contains("menu disklessd: pc02 "))
            #expect(responses[4].body.contains("chain ${base-url}/boot/${mac:hexraw}.ipxe"))
            #expect(responses[6].body.contains("menu disklessd: pc02 "))
            #expect(site.routes.fastAnswers.value > before, "some of them took the fast path")
            #expect(try await Self.scriptEvents(site) == 5, "one boot.script per known machine's script, in either path")
        }
    }

    /// From 127.0.0.1 as a trusted proxy: one client hammering is refused, the next is served.
    @Test func theFastPathKeepsThePerClientLimit() async throws {
        let site = try Self.site(burst: 3)
        try await Self.trust(site.services, proxies: [IPv4Address(127, 0, 0, 1)], anyClient: true)
        _ = try await Self.machine(site)
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            // The router fills the cache (for another client); behind a request the router
            // answers, pipelined requests go to the router too, so this one comes alone.
            _ = try await RawHTTP.exchange(port: port, [RawHTTP.get("/boot/525400aabb01.ipxe", close: true, headers: ["X-Forwarded-For: 10.0.0.9"])])
            let from1 = ["X-Forwarded-For: 10.0.0.1"]
            let requests = (0..<8).map { RawHTTP.get("/boot/525400aabb01.ipxe", close: $0 == 7, headers: from1) }
            let responses = try await RawHTTP.exchange(port: port, requests)
            #expect(responses.map(\.status) == [200, 200, 200, 429, 429, 429, 429, 429])
            #expect(responses[3].headers.contains("Retry-After: 1") && responses[3].body.contains("from 10.0.0.1"))
            #expect(site.routes.fastAnswers.value == 7, "the cached script and the refusals; `Connection: close` goes to the router")
            let other = try await RawHTTP.exchange(port: port, [RawHTTP.get("/boot/525400aabb01.ipxe", close: true,
                                                                            headers: ["X-Forwarded-For: 10.0.0.2"])])
            #expect(other.map(\.status) == [200], "another client is served")
            #expect(try await Self.scriptEvents(site) == 5, "no boot event for a refused request")
        }
    }

    /// 127.0.0.1 is another machine in the neighbour table: never the fast path, no boot event.
    @Test func aNonOwnerGetsNoBootEventOnEitherPath() async throws {
        let site = try Self.site(neighbours: [("127.0.0.1", "52:54:00:aa:bb:02")])
        let machine = try await Self.machine(site)
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            let responses = try await RawHTTP.exchange(port: port, (0..<4).map { RawHTTP.get("/boot/525400aabb01.ipxe", close: $0 == 3) })
            #expect(responses.map(\.status) == [200, 200, 200, 200])
            #expect(responses.allSatisfy { $0.body.contains("menu disklessd: pc01 ") })
            #expect(site.routes.fastAnswers.value == 0)
        }
        #expect(try await Self.scriptEvents(site) == 0)
        #expect(try await site.services.machines.get(id: machine.id).lastBootPhase == nil)
        #expect(try await site.services.events.list(action: "boot.refused").items.count == 1, "one a minute per client and machine")
    }

    /// The machine's own address in the neighbour table: its boot event on the fast path too.
    @Test func theOwnerProvenByTheNeighbourTableTakesTheFastPath() async throws {
        let site = try Self.site(neighbours: [("127.0.0.1", "52:54:00:aa:bb:01")])
        let machine = try await Self.machine(site)
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            // The router (reads the neighbour table), then the fast path (its kept copy, for 1 s).
            for requests in [[RawHTTP.get("/boot/525400aabb01.ipxe", close: true)],
                             [RawHTTP.get("/boot/525400aabb01.ipxe"), RawHTTP.get("/boot/525400aabb01.ipxe", close: true)]] {
                let responses = try await RawHTTP.exchange(port: port, requests)
                #expect(responses.allSatisfy { $0.status == 200 })
            }
            #expect(site.routes.fastAnswers.value >= 1)
        }
        #expect(try await Self.scriptEvents(site) == 3)
        #expect(try await site.services.machines.get(id: machine.id).lastBootPhase == .script)
    }

    @Test func aChangedMachineIsNeverAnsweredFromTheOldScript() async throws {
        let site = try Self.site()
        try await Self.trust(site.services, anyClient: true)
        let machine = try await Self.machine(site)
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            // The router; then the fast path (the second request says `Connection: close`: the router).
            for requests in [[RawHTTP.get("/boot/525400aabb01.ipxe", close: true)],
                             [RawHTTP.get("/boot/525400aabb01.ipxe"), RawHTTP.get("/boot/525400aabb01.ipxe", close: true)]] {
                let first = try await RawHTTP.exchange(port: port, requests)
                #expect(first.allSatisfy { $0.body.contains("menu disklessd: pc01 ") })
            }
            let before = site.routes.fastAnswers.value
            #expect(before == 1)
            var input = MachineInput(name: "renamed", mac: "52:54:00:aa:bb:01", defaultBootItem: machine.defaultBootItem,
                                     bootItems: machine.bootItems)
            input.allowBoot = true
            _ = try await site.services.machines.update(id: machine.id, input, by: .system)
            let after = try await RawHTTP.exchange(port: port, [RawHTTP.get("/boot/525400aabb01.ipxe"),
                                                                RawHTTP.get("/boot/525400aabb01.ipxe", close: true)])
            #expect(after.count == 2 && after.allSatisfy { $0.body.contains("menu disklessd: renamed ") })
            #expect(site.routes.fastAnswers.value == before, "the changed machine's script came from the router")
        }
    }

    /// Hummingbird never sees a fast answer, so the fast path keeps the header-read timeout: a
    /// connection busy with fast answers for longer than the timeout stays open, and is closed
    /// once it has been quiet for it; so is one that never sends a request.
    @Test func theFastPathKeepsTheHeaderReadTimeout() async throws {
        let site = try Self.site(limits: LimitSettings(httpHeaderTimeoutSeconds: 1))
        try await Self.trust(site.services, anyClient: true)
        _ = try await Self.machine(site)
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            _ = try await RawHTTP.exchange(port: port, [RawHTTP.get("/boot/525400aabb01.ipxe", close: true)])
            let before = site.routes.fastAnswers.value
            // Six answers 0.5 s apart: 2.5 s on one connection, past the 1 s timeout.
            let busy = try await RawHTTP.paced(port: port, Array(repeating: RawHTTP.get("/boot/525400aabb01.ipxe"), count: 6), pause: 0.5)
            #expect(busy.statuses == Array(repeating: 200, count: 6))
            #expect(site.routes.fastAnswers.value == before + 6, "all of them on the fast path")
            let closed = try #require(busy.closedAfter, "the quiet connection is closed (not left open for 20 s)")
            #expect(closed >= 0.5, "closed by the timeout, \(closed) s after the last answer")
            let silent = try await RawHTTP.paced(port: port, [], pause: 0)
            #expect(silent.closedAfter != nil, "a connection that sends nothing is closed too")
        }
    }

    /// The fast path's own answers that are not scripts (414, 429) are the router's bytes too.
    @Test func fastRefusalsAreTheRoutersBytes() async throws {
        let site = try Self.site(burst: 2)
        try await Self.trust(site.services, anyClient: true)
        _ = try await Self.machine(site)
        try await site.app.test(.live) { client in
            let port = try #require(client.port)
            let long = "/boot/525400aabb01.ipxe?platform=" + String(repeating: "x", count: 3000)
            // `Connection: close` goes to the router; a keep-alive request to the fast path.
            let slow = try await RawHTTP.exchange(port: port, [RawHTTP.get(long, close: true)])
            let fast = try await RawHTTP.exchange(port: port, [RawHTTP.get(long), RawHTTP.get(long, close: true)])
            #expect(slow.map(\.status) == [414] && fast.map(\.status) == [414, 414])
            #expect(fast[0].undated == slow[0].undated, "414: same status, headers and body")
            #expect(site.routes.fastAnswers.value == 1)
            // Two scripts spend the burst of 2 (the router's fills the cache), then 429 from both paths.
            _ = try await RawHTTP.exchange(port: port, [RawHTTP.get("/boot/525400aabb01.ipxe", close: true)])
            let limited = try await RawHTTP.exchange(port: port, [RawHTTP.get("/boot/525400aabb01.ipxe"),
                                                                  RawHTTP.get("/boot/525400aabb01.ipxe"),
                                                                  RawHTTP.get("/boot/525400aabb01.ipxe", close: true)])
            #expect(limited.map(\.status) == [200, 429, 429])
            #expect(limited[1].undated == limited[2].undated, "429: the fast path's bytes are the router's")
            #expect(limited[1].date != nil && limited[1].headers.contains("Retry-After: 1"))
        }
    }
}

import Domain
import Foundation
import ProxyDHCP
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `PUT /api/v1/settings` starts and rebinds the app's ProxyDHCP (issue 17 item 3) on a real LAN
/// of network namespaces (`NetnsLAN`): the app runs in this process with ProxyDHCP's sockets made
/// in the "server" namespace, and a scapy PXE client broadcasts DHCPDISCOVERs on the bridge.
@Suite(.serialized, .enabled(if: NetnsLAN.unavailable == nil, Comment(rawValue: NetnsLAN.unavailable ?? "")))
struct LiveSettingsProxyDHCPTests {
    @Test func dhcpModeProxyStartsItLiveAndATakenPort67Is409WithTheOldProxyKept() async throws {
        let lan = try NetnsLAN(prefix: "lv", siteDHCP: false)
        defer { lan.cleanUp() }
        // A second device in the server namespace, where another socket will hold port 67.
        try lan.addServerLink("s1")
        let namespace = lan.server, serverIP = try #require(IPv4Address(lan.serverIP))
        let server = try await TestServer.start(networkServices: true, settings: { settings in
            settings.tftp.builtIn = false
            settings.thrift.enabled = false
            settings.dhcp.mode = .off
            settings.iscsi.serverAddress = serverIP
        }, proxyDHCPSocket: { address, port, interface in
            try NamespaceSocket.make(in: namespace) { try ProxyDHCPServer.standardSocket(address, port, interface) }
        })
        do {
            try await check(server, lan)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func check(_ server: TestServer, _ lan: NetnsLAN) async throws {
        let client = try await server.client(login: "admin")
        let off = try await client.get("/api/v1/settings").json
        #expect(try await lan.discover(mac: "52:54:00:17:03:01", arch: 0, ipxe: false).proxy.isEmpty, "mode off: no proxy answers")

        // Mode proxy on the veth: the proxy serves by the time the PUT answers.
        var on = LiveSettingsTests.changing(off, "dhcp", "mode", "proxy")
        on = LiveSettingsTests.changing(on, "dhcp", "interface", lan.serverVeth)
        let started = try await client.put("/api/v1/settings", on)
        #expect(started.status == 200, "\(started.text)")
        let revision = try #require(started.json["revision"] as? Int)
        try await expectOffer(lan, "the proxy started by the PUT")

        // Another socket holds port 67 on s1 (no SO_REUSEADDR): moving the proxy there is refused.
        let holder = try NamespaceSocket.holdUDP(in: lan.server, port: 67, device: "s1")
        defer { close(holder) }
        let moved = LiveSettingsTests.changing(started.json, "dhcp", "interface", "s1")
        let refused = try await client.put("/api/v1/settings", moved)
        #expect(refused.status == 409, "\(refused.text)")
        #expect(refused.isProblem && refused.text.contains("port 67"), "\(refused.text)")
        let after = try await client.get("/api/v1/settings").json
        #expect(after["revision"] as? Int == revision, "nothing saved")
        #expect((after["dhcp"] as? [String: Any])?["interface"] as? String == lan.serverVeth, "the old interface kept")
        try await expectOffer(lan, "the old proxy, bound again on its veth")
    }

    /// A PXE DISCOVER gets the proxy's offer: the BIOS loader from this server, no address. The
    /// first one after a (re)bind can be missed while the bridge ports settle: up to 5 tries.
    private func expectOffer(_ lan: NetnsLAN, _ what: String) async throws {
        var proxy: [[String: Any]] = []
        for attempt in 0..<5 where proxy.isEmpty {
            proxy = try await lan.discover(mac: "52:54:00:17:03:0\(attempt + 2)", arch: 0, ipxe: false).proxy
        }
        #expect(proxy.count == 1, "\(what): proxy replies \(proxy)")
        #expect(proxy.first?["file"] as? String == "undionly.kpxe", "\(what)")
        #expect(proxy.first?["siaddr"] as? String == lan.serverIP, "\(what)")
        #expect(proxy.first?["yiaddr"] as? String == "0.0.0.0", "\(what)")
    }
}

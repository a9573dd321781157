import Domain
import Foundation
import NIOConcurrencyHelpers
import TestSupport
import Testing
@testable import ProxyDHCP

/// The real LAN setup (`NetnsLAN`): dnsmasq is the site's plain DHCP server in a "router" network
/// namespace holding a bridge; a PXE client (scapy) sits in a "client" namespace on that bridge;
/// the ProxyDHCP runs in this process with its sockets created inside a third, "server" namespace
/// (on a veth joined to the bridge), bound to 0.0.0.0:67 and :4011 and tied to that veth with
/// SO_BINDTODEVICE. The host's own network is never touched. Names and subnet are unique per run.
@Suite(.serialized, .enabled(if: NetnsLAN.unavailable == nil, Comment(rawValue: NetnsLAN.unavailable ?? "")),
       .enabled(if: ChildProcess.find("dnsmasq") != nil, "needs dnsmasq"))
final class ProxyDHCPNetnsTests {
    let lan: NetnsLAN
    var serverIP: String { lan.serverIP }
    var subnet: Int { lan.subnet }
    let deniedMAC = MACAddress("52:54:00:de:ad:01")!
    let events = NIOLockedValueBox<[ProxyDHCPEvent]>([])

    init() throws {
        lan = try NetnsLAN(siteDHCP: true)
    }

    deinit { lan.cleanUp() }

    private func withServer(_ body: () async throws -> Void) async throws {
        let denied = deniedMAC, events = self.events, namespace = lan.server
        let server = ProxyDHCPServer(configuration: ProxyDHCPConfiguration(
            serverAddress: IPv4Address(serverIP)!, ipxeScriptURL: "http://\(serverIP):8080/boot.ipxe", interface: lan.serverVeth),
            policy: { mac in mac == denied ? .denied : .unknown }, onDecision: { e in events.withLockedValue { $0.append(e) } },
            makeSocket: { address, port, interface in
                try NamespaceSocket.make(in: namespace) { try ProxyDHCPServer.standardSocket(address, port, interface) }
            })
        try await server.start()
        defer { Task { await server.stop() } }
        // The first DISCOVER after start can be missed while the new veth/bridge ports settle
        // (seen when the whole suite runs at once): wait, bounded, until the proxy answers one.
        for _ in 0..<5 where try await lan.discover(mac: "52:54:00:aa:ff:ff", arch: 0, ipxe: false).proxy.isEmpty {}
        try await body()
        await server.stop()
    }

    @Test func pxeDiscoversGetTheRightFileAndNextServerBesideTheSitesOffer() async throws {
        try await withServer {
            for (arch, ipxe, file) in [(0, false, "undionly.kpxe"), (7, false, "ipxe.efi"),
                                       (7, true, "http://\(serverIP):8080/boot.ipxe"), (0, true, "http://\(serverIP):8080/boot.ipxe")] {
                let (proxy, site) = try await lan.discover(mac: "52:54:00:aa:00:0\(arch)", arch: arch, ipxe: ipxe)
                #expect(proxy.count == 1, "arch \(arch) ipxe \(ipxe): proxy replies \(proxy), site \(site)")
                #expect(proxy.first?["file"] as? String == file)
                #expect(proxy.first?["siaddr"] as? String == serverIP)
                #expect(proxy.first?["yiaddr"] as? String == "0.0.0.0")
                #expect(proxy.first?["vendor"] as? String == "PXEClient")
                // The site's DHCP server still hands out the address.
                #expect((site.first?["yiaddr"] as? String)?.hasPrefix("10.231.\(subnet).") == true, "site replies \(site)")
            }
        }
    }

    @Test func aMachineNotAllowedToBootGetsNothingFromTheProxy() async throws {
        try await withServer {
            let (proxy, site) = try await lan.discover(mac: deniedMAC.description, arch: 0, ipxe: false)
            #expect(proxy.isEmpty, "proxy answered a denied machine: \(proxy)")
            #expect(!site.isEmpty, "the site's server did not answer: is dnsmasq up? \(lan.work)/dnsmasq.log")
            #expect(events.withLockedValue { $0.contains { $0.mac == deniedMAC && $0.decision == .denied } })
        }
    }

    @Test func aUnicastRequestToPort4011GetsAnAckBack() async throws {
        try lan.must("ip", ["-n", lan.client, "addr", "add", "10.231.\(subnet).77/24", "dev", lan.clientVeth])
        try await withServer {
            let replies = try await lan.probe(["request", lan.clientVeth, "52:54:00:aa:01:07", "7", "-", "10.231.\(subnet).77", serverIP])
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(replies.count == 1 && replies.first?["file"] as? String == "ipxe.efi", "replies \(replies)")
            #expect(replies.first?["type"] as? Int == 5)
        }
    }
}

import Domain
import Foundation
import NIOConcurrencyHelpers
import Testing
@testable import ProxyDHCP

/// The real LAN setup: dnsmasq is the site's plain DHCP server in a "router" network namespace
/// holding a bridge; a PXE client (scapy) sits in a "client" namespace on that bridge; the
/// ProxyDHCP runs in this process with its sockets created inside a third, "server" namespace
/// (on a veth joined to the bridge), bound to 0.0.0.0:67 and :4011 and tied to that veth with
/// SO_BINDTODEVICE. The host's own network is never touched. Names and subnet are unique per run.
@Suite(.serialized, .enabled(if: Command.isRoot, "needs root (network namespaces, port 67)"),
       .enabled(if: Command.find("ip") != nil && Command.find("dnsmasq") != nil, "needs iproute2 and dnsmasq"),
       .enabled(if: Command.hasScapy, "needs python3 with scapy (pip install scapy)"))
final class ProxyDHCPNetnsTests {
    let id = String(UInt32.random(in: 0x1000 ... 0xFFFF), radix: 16)
    let subnet = Int.random(in: 2 ... 250)
    let work = FileManager.default.temporaryDirectory.path + "/proxydhcp-\(UUID().uuidString)"
    var router: String { "pdr-\(id)" }
    var client: String { "pdc-\(id)" }
    var serverNS: String { "pds-\(id)" }
    let serverVeth = "s0"
    var serverIP: String { "10.231.\(subnet).2" }
    let deniedMAC = MACAddress("52:54:00:de:ad:01")!
    let events = NIOLockedValueBox<[ProxyDHCPEvent]>([])

    init() throws {
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        do {
            try Command.must("ip", ["netns", "add", router])
            try Command.must("ip", ["netns", "add", client])
            try Command.must("ip", ["-n", router, "link", "add", "br0", "type", "bridge"])
            try Command.must("ip", ["-n", router, "addr", "add", "10.231.\(subnet).1/24", "dev", "br0"])
            try Command.must("ip", ["-n", router, "link", "set", "br0", "up"])
            try Command.must("ip", ["netns", "add", serverNS])
            try Command.must("ip", ["-n", serverNS, "link", "add", serverVeth, "type", "veth", "peer", "name", "pds0", "netns", router])
            try Command.must("ip", ["-n", router, "link", "set", "pds0", "master", "br0", "up"])
            try Command.must("ip", ["-n", serverNS, "addr", "add", "\(serverIP)/24", "dev", serverVeth])
            try Command.must("ip", ["-n", serverNS, "link", "set", serverVeth, "up"])
            try Command.must("ip", ["-n", client, "link", "add", "c0", "type", "veth", "peer", "name", "pdc0", "netns", router])
            try Command.must("ip", ["-n", router, "link", "set", "pdc0", "master", "br0", "up"])
            try Command.must("ip", ["-n", client, "link", "set", "c0", "up"])
            try Command.must("ip", ["-n", client, "link", "set", "lo", "up"])
            try FileManager.default.createFile(atPath: work + "/probe.py", contents: Data(PXEProbeScript.source.utf8))
            // dnsmasq daemonizes; it is stopped through its pid file.
            try Command.must("ip", ["netns", "exec", router, "dnsmasq", "--port=0",
                                               "--interface=br0", "--bind-interfaces", "--user=root", "--log-dhcp",
                                               "--dhcp-range=10.231.\(subnet).100,10.231.\(subnet).150,255.255.255.0,1h",
                                               "--dhcp-leasefile=\(work)/leases", "--pid-file=\(work)/dnsmasq.pid",
                                    "--log-facility=\(work)/dnsmasq.log"])
        } catch {
            cleanUp()
            throw error
        }
    }

    deinit { cleanUp() }

    private func cleanUp() {
        if let text = try? String(contentsOfFile: work + "/dnsmasq.pid", encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            // SIGKILL: children of the test process inherit its blocked-signal mask, so SIGTERM
            // would stay pending forever.
            kill(pid, SIGKILL)
        }
        _ = try? Command.run("ip", ["netns", "del", serverNS])
        _ = try? Command.run("ip", ["netns", "del", client])
        _ = try? Command.run("ip", ["netns", "del", router])
        if ProcessInfo.processInfo.environment["DISKLESSD_TEST_OUTPUT"] == nil { try? FileManager.default.removeItem(atPath: work) }
    }

    private func withServer(_ body: () async throws -> Void) async throws {
        let denied = deniedMAC, events = self.events
        let server = ProxyDHCPServer(configuration: ProxyDHCPConfiguration(
            serverAddress: IPv4Address(serverIP)!, ipxeScriptURL: "http://\(serverIP):8080/boot.ipxe", interface: serverVeth),
            policy: { mac in mac == denied ? .denied : .unknown }, onDecision: { e in events.withLockedValue { $0.append(e) } },
            makeSocket: NamespaceSocket.factory(namespace: serverNS))
        try await server.start()
        defer { Task { await server.stop() } }
        // The first DISCOVER after start can be missed while the new veth/bridge ports settle
        // (seen when the whole suite runs at once): wait, bounded, until the proxy answers one.
        for _ in 0..<5 where try await discover(mac: "52:54:00:aa:ff:ff", arch: 0, ipxe: false).proxy.isEmpty {}
        try await body()
        await server.stop()
    }

    /// Every reply the probe printed, as dictionaries.
    private func probe(_ arguments: [String]) async throws -> [[String: Any]] {
        let r = try await Command.runOffPool("ip", ["netns", "exec", client, "python3", work + "/probe.py"] + arguments, timeout: 60)
        return r.output.split(separator: "\n").compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    private func discover(mac: String, arch: Int, ipxe: Bool) async throws -> (proxy: [[String: Any]], site: [[String: Any]]) {
        let replies = try await probe(["discover", "c0", mac, String(arch), ipxe ? "ipxe" : "-"])
        return (replies.filter { $0["from"] as? String == serverIP }, replies.filter { $0["from"] as? String != serverIP })
    }

    @Test func pxeDiscoversGetTheRightFileAndNextServerBesideTheSitesOffer() async throws {
        try await withServer {
            for (arch, ipxe, file) in [(0, false, "undionly.kpxe"), (7, false, "ipxe.efi"),
                                       (7, true, "http://\(serverIP):8080/boot.ipxe"), (0, true, "http://\(serverIP):8080/boot.ipxe")] {
                let (proxy, site) = try await discover(mac: "52:54:00:aa:00:0\(arch)", arch: arch, ipxe: ipxe)
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
            let (proxy, site) = try await discover(mac: deniedMAC.description, arch: 0, ipxe: false)
            #expect(proxy.isEmpty, "proxy answered a denied machine: \(proxy)")
            #expect(!site.isEmpty, "the site's server did not answer: is dnsmasq up? \(work)/dnsmasq.log")
            #expect(events.withLockedValue { $0.contains { $0.mac == deniedMAC && $0.decision == .denied } })
        }
    }

    @Test func aUnicastRequestToPort4011GetsAnAckBack() async throws {
        try Command.must("ip", ["-n", client, "addr", "add", "10.231.\(subnet).77/24", "dev", "c0"])
        try await withServer {
            let replies = try await probe(["request", "c0", "52:54:00:aa:01:07", "7", "-", "10.231.\(subnet).77", serverIP])
            #expect(replies.count == 1 && replies.first?["file"] as? String == "ipxe.efi", "replies \(replies)")
            #expect(replies.first?["type"] as? Int == 5)
        }
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A LAN of network namespaces for the DHCP tests; the host's own network is never touched:
/// - a "router" namespace holding a bridge (and, with `siteDHCP`, dnsmasq as the site's plain
///   DHCP server on it);
/// - a "client" namespace whose veth `c0` is on the bridge, where the scapy probe runs;
/// - a "server" namespace whose veth `s0` (address `serverIP`) is on the bridge: the server under
///   test makes its sockets there (`NamespaceSocket`) while running in this process.
/// Names and subnet are unique per instance; `cleanUp()` deletes them (and stops dnsmasq).
public final class NetnsLAN: @unchecked Sendable {
    public let id = String(UInt32.random(in: 0x1000 ... 0xFFFF), radix: 16)
    public let subnet = Int.random(in: 2 ... 250)
    /// Probe script, dnsmasq's pid file, leases and log.
    public let work = FileManager.default.temporaryDirectory.path + "/netnslan-\(UUID().uuidString)"
    public let prefix: String
    public var router: String { "\(prefix)r-\(id)" }
    public var client: String { "\(prefix)c-\(id)" }
    public var server: String { "\(prefix)s-\(id)" }
    public let serverVeth = "s0"
    public let clientVeth = "c0"
    public var serverIP: String { "10.231.\(subnet).2" }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Why these tests cannot run here, or nil: root, iproute2 and python3 with scapy.
    public static let unavailable: String? = {
        if getuid() != 0 { return "needs root (network namespaces, port 67)" }
        if ChildProcess.find("ip") == nil { return "needs iproute2" }
        if (try? ChildProcess.runBlocking("python3", ["-c", "import scapy.all"], timeout: 60).status) != 0 {
            return "needs python3 with scapy (pip install scapy)"
        }
        return nil
    }()

    /// - Parameters:
    ///   - prefix: the namespaces' name prefix (a test's own, so parallel runs are told apart).
    ///   - siteDHCP: run dnsmasq on the bridge as the site's DHCP server.
    public init(prefix: String = "pd", siteDHCP: Bool) throws {
        self.prefix = prefix
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let net = "10.231.\(subnet)"
        do {
            try must("ip", ["netns", "add", router])
            try must("ip", ["netns", "add", client])
            try must("ip", ["netns", "add", server])
            try must("ip", ["-n", router, "link", "add", "br0", "type", "bridge"])
            try must("ip", ["-n", router, "addr", "add", "\(net).1/24", "dev", "br0"])
            try must("ip", ["-n", router, "link", "set", "br0", "up"])
            try must("ip", ["-n", server, "link", "add", serverVeth, "type", "veth", "peer", "name", "pds0", "netns", router])
            try must("ip", ["-n", router, "link", "set", "pds0", "master", "br0", "up"])
            try must("ip", ["-n", server, "addr", "add", "\(serverIP)/24", "dev", serverVeth])
            try must("ip", ["-n", server, "link", "set", serverVeth, "up"])
            try must("ip", ["-n", client, "link", "add", clientVeth, "type", "veth", "peer", "name", "pdc0", "netns", router])
            try must("ip", ["-n", router, "link", "set", "pdc0", "master", "br0", "up"])
            try must("ip", ["-n", client, "link", "set", clientVeth, "up"])
            try must("ip", ["-n", client, "link", "set", "lo", "up"])
            try FileManager.default.createFile(atPath: work + "/probe.py", contents: Data(PXEProbeScript.source.utf8))
            if siteDHCP {
                guard ChildProcess.find("dnsmasq") != nil else { throw Failure(description: "dnsmasq is not installed") }
                // dnsmasq daemonizes; it is stopped through its pid file.
                try must("ip", ["netns", "exec", router, "dnsmasq", "--port=0",
                                "--interface=br0", "--bind-interfaces", "--user=root", "--log-dhcp",
                                "--dhcp-range=\(net).100,\(net).150,255.255.255.0,1h",
                                "--dhcp-leasefile=\(work)/leases", "--pid-file=\(work)/dnsmasq.pid",
                                "--log-facility=\(work)/dnsmasq.log"])
            }
        } catch {
            cleanUp()
            throw error
        }
    }

    deinit { cleanUp() }

    /// Stops dnsmasq and deletes the namespaces (idempotent).
    public func cleanUp() {
        if let text = try? String(contentsOfFile: work + "/dnsmasq.pid", encoding: .utf8),
           let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            // SIGKILL: children of the test process inherit its blocked-signal mask, so SIGTERM
            // would stay pending forever.
            kill(pid, SIGKILL)
            try? FileManager.default.removeItem(atPath: work + "/dnsmasq.pid")
        }
        for ns in [server, client, router] { _ = try? ChildProcess.runBlocking("ip", ["netns", "del", ns], timeout: 30) }
        if ProcessInfo.processInfo.environment["DISKLESSD_TEST_OUTPUT"] == nil { try? FileManager.default.removeItem(atPath: work) }
    }

    /// Adds a second device (up, on no bridge) to the server namespace, to bind to: a veth pair with
    /// both ends there (`name` and `name` + "p"; the dummy driver is not in every kernel).
    public func addServerLink(_ name: String) throws {
        try must("ip", ["-n", server, "link", "add", name, "type", "veth", "peer", "name", name + "p"])
        try must("ip", ["-n", server, "link", "set", name, "up"])
        try must("ip", ["-n", server, "link", "set", name + "p", "up"])
    }

    /// Runs a set-up command (blocking: it waits for nothing in this process); throws on a non-zero status.
    public func must(_ name: String, _ arguments: [String]) throws {
        let r = try ChildProcess.runBlocking(name, arguments, timeout: 30)
        guard r.status == 0 else { throw Failure(description: "\(name) \(arguments.joined(separator: " ")): \(r.output)") }
    }

    /// Runs the scapy probe in the client namespace (off the cooperative pool); every reply it
    /// printed, as JSON text lines.
    public func probe(_ arguments: [String]) async throws -> [String] {
        let r = try await ChildProcess.run("ip", ["netns", "exec", client, "python3", work + "/probe.py"] + arguments, timeout: 60)
        return r.output.split(separator: "\n").map(String.init).filter { $0.hasPrefix("{") }
    }

    /// A PXE DHCPDISCOVER broadcast from `mac` on the client veth (arch 0 BIOS, 7 UEFI; `ipxe`:
    /// as iPXE sends it): the replies from `serverIP` and from anyone else (the site's server).
    public func discover(mac: String, arch: Int, ipxe: Bool) async throws -> (proxy: [[String: Any]], site: [[String: Any]]) {
        let replies = try await probe(["discover", clientVeth, mac, String(arch), ipxe ? "ipxe" : "-"]).compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        return (replies.filter { $0["from"] as? String == serverIP }, replies.filter { $0["from"] as? String != serverIP })
    }
}

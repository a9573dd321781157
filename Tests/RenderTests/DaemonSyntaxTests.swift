import Domain
import Foundation
import Render
import TestSupport
import Testing

/// Real parts: the generated configs are checked by the daemons that will read them
/// (`dnsmasq --test`, `dhcpd -t`). Skipped with a reason when the daemon is not installed.
@Suite struct DaemonSyntaxTests {
    static let dnsmasq = "/usr/sbin/dnsmasq"
    static let dhcpd = "/usr/sbin/dhcpd"

    /// Writes `text` to a temporary file and runs `argv + [path]`; returns exit status and output.
    private func check(_ text: String, _ argv: [String]) async throws -> (Int32, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("generated.conf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = try await ChildProcess.run(argv[0], Array(argv.dropFirst()) + [file.path], timeout: 60)
        return (r.status, r.output)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: dnsmasq), "needs dnsmasq (apt-get install dnsmasq)"))
    func dnsmasqAcceptsBothModes() async throws {
        for conf in [try DnsmasqConfig.proxy(Fixtures.dhcpInput), try DnsmasqConfig.full(Fixtures.dhcpInput)] {
            let (status, out) = try await check(conf, [Self.dnsmasq, "--test", "--conf-file=/dev/null", "-C"])
            #expect(status == 0, "dnsmasq --test: \(out)")
            #expect(out.contains("syntax check OK"))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: dnsmasq), "needs dnsmasq (apt-get install dnsmasq)"))
    func dnsmasqRejectsABrokenLineSoTheCheckCanFail() async throws {
        let (status, _) = try await check("dhcp-range=nonsense,,,\n", [Self.dnsmasq, "--test", "--conf-file=/dev/null", "-C"])
        #expect(status != 0)
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: dhcpd), "needs isc-dhcp-server (apt-get install isc-dhcp-server)"))
    func iscDhcpdAcceptsTheConfig() async throws {
        let (status, out) = try await check(try ISCDHCPConfig.render(Fixtures.dhcpInput), [Self.dhcpd, "-t", "-4", "-q", "-cf"])
        #expect(status == 0, "dhcpd -t: \(out)")
        let (bad, _) = try await check("subnet 10.0.0.0 netmask {\n", [Self.dhcpd, "-t", "-4", "-q", "-cf"])
        #expect(bad != 0)
    }

    /// Host names as the prototype allowed them (`host_01`) reach `dhcp-host=` and `host … {}`.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: dnsmasq) && FileManager.default.isExecutableFile(atPath: dhcpd),
                   "needs dnsmasq and isc-dhcp-server"))
    func underscoreHostNamesAreAcceptedByBothDaemons() async throws {
        var input = Fixtures.dhcpInput
        input.machines = input.machines.map { m in
            var m = m
            m.name = m.name + "_0\(m.id)"
            return m
        }
        let full = try DnsmasqConfig.full(input)
        #expect(full.contains(",pc01_01\n"))
        let (status, out) = try await check(full, [Self.dnsmasq, "--test", "--conf-file=/dev/null", "-C"])
        #expect(status == 0 && out.contains("syntax check OK"), "dnsmasq --test: \(out)")
        let isc = try ISCDHCPConfig.render(input)
        #expect(isc.contains("host pc01_01 {"))
        let (iscStatus, iscOut) = try await check(isc, [Self.dhcpd, "-t", "-4", "-q", "-cf"])
        #expect(iscStatus == 0, "dhcpd -t: \(iscOut)")
    }
}

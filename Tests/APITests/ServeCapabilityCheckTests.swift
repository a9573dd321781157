@testable import DisklessdApp
import Domain
@testable import SystemdSupport
import Testing

/// What `serve` refuses to start without, from a given capability set (no real process needed:
/// the `units` tier runs the real one under setpriv).
@Suite struct ServeCapabilityCheckTests {
    static let none = ProcessPrivileges(effective: 0, unprivilegedPortStart: 1024, kernel: (6, 1))
    static let bindOnly = ProcessPrivileges(effective: 1 << 10, unprivilegedPortStart: 1024, kernel: (6, 1))

    func settings(tftp: Bool = true, proxy: Bool = false, interface: String = "") -> Settings {
        var settings = Settings()
        settings.tftp.builtIn = tftp
        settings.dhcp.mode = proxy ? .proxy : .off
        settings.dhcp.interface = interface
        return settings
    }

    @Test func aLowHTTPPortAndTheBuiltInTFTPNeedBindService() {
        let missing = ServeCapabilityCheck(privileges: Self.none)
            .missing(config: AppConfig(dataDir: "/nonexistent", port: 80), settings: settings())
        #expect(missing.map(\.capability) == ["CAP_NET_BIND_SERVICE", "CAP_NET_BIND_SERVICE"])
        #expect(missing.map(\.forWhat) == ["HTTP port 80/tcp (--port)", "TFTP port 69/udp (settings.tftp.port)"])
    }

    @Test func highPortsAndHTTPOnlyNeedNothing() {
        let config = AppConfig(dataDir: "/nonexistent", port: 8050, startNetworkServices: false)
        #expect(ServeCapabilityCheck(privileges: Self.none).missing(config: config, settings: settings()).isEmpty)
    }

    @Test func aLoweredUnprivilegedPortStartNeedsNothing() {
        let open = ProcessPrivileges(effective: 0, unprivilegedPortStart: 0, kernel: (6, 1))
        let config = AppConfig(dataDir: "/nonexistent", port: 80)
        #expect(ServeCapabilityCheck(privileges: open).missing(config: config, settings: settings(proxy: true)).isEmpty)
    }

    @Test func proxyDHCPOnAnInterfaceNeedsNetRawOnlyBeforeLinux57() {
        let config = AppConfig(dataDir: "/nonexistent", port: 8050)
        let old = ProcessPrivileges(effective: 1 << 10, unprivilegedPortStart: 1024, kernel: (5, 4))
        #expect(ServeCapabilityCheck(privileges: old).missing(config: config, settings: settings(proxy: true, interface: "eth0"))
            .map(\.capability) == ["CAP_NET_RAW"])
        #expect(ServeCapabilityCheck(privileges: Self.bindOnly)
            .missing(config: config, settings: settings(proxy: true, interface: "eth0")).isEmpty)
    }

    @Test func theErrorNamesTheCapabilityAndTheWayOut() {
        let error = ServeCapabilityCheck(privileges: Self.none)
            .failure(config: AppConfig(dataDir: "/nonexistent", port: 80, startNetworkServices: false), settings: settings())
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("missing capability CAP_NET_BIND_SERVICE: needed for HTTP port 80/tcp (--port)"))
        #expect(text.contains("--http-only"))
    }

    @Test func capEffIsReadFromProcStatus() {
        let status = "Name:\tdisklessd\nCapInh:\t0000000000000000\nCapEff:\t0000000000003400\nCapBnd:\t000001ffffffffff\n"
        let effective = ProcessPrivileges.effectiveSet(status: status)
        #expect(effective == 0x3400)
        let privileges = ProcessPrivileges(effective: effective ?? 0, unprivilegedPortStart: 1024, kernel: (6, 1))
        #expect(privileges.has(.netBindService) && privileges.has(.netRaw) && !privileges.has(.sysAdmin))
    }

    @Test func notifySocketAddressesArePathsOrAbstractNames() {
        #expect(SystemdNotifier(environment: [:]).socketPath == nil)
        #expect(SystemdNotifier(environment: [:]).notify("READY=1") == false)
        let path = SystemdNotifier.address("/run/systemd/notify") ?? []
        #expect(path.count == 2 + "/run/systemd/notify".utf8.count + 1 && path.last == 0)
        let abstract = SystemdNotifier.address("@sd") ?? []
        #expect(abstract.count == 2 + 3 && abstract[2] == 0)
        #expect(SystemdNotifier.address("/" + String(repeating: "x", count: 200)) == nil)
    }
}

import Domain
import SystemdSupport

/// Before `serve` binds anything: every privileged port or socket option the configuration and
/// settings ask for, checked against the process's effective capabilities. A unit started
/// without `AmbientCapabilities=` (or a user without `setcap`) gets one line per missing
/// capability naming what needs it, and `serve` exits non-zero instead of running half-started.
struct ServeCapabilityCheck {
    /// One thing that needs a capability this process lacks.
    struct Missing: Sendable, Hashable {
        let capability: String
        let forWhat: String
    }

    let privileges: ProcessPrivileges

    /// What is missing for `config` with `settings` (empty when everything may start).
    func missing(config: AppConfig, settings: Settings) -> [Missing] {
        var ports: [(Int, String)] = [(config.port, "HTTP port \(config.port)/tcp (--port)")]
        if let boot = BootPortServer.port(settings, flag: config.bootOnlyPort) {
            let source = settings.http.bootPort != 0 ? "settings.http.bootPort" : "--boot-port"
            ports.append((boot, "boot port \(boot)/tcp (\(source))"))
        }
        var out: [Missing] = []
        if config.startNetworkServices {
            if settings.tftp.builtIn { ports.append((settings.tftp.port, "TFTP port \(settings.tftp.port)/udp (settings.tftp.port)")) }
            if settings.thrift.enabled { ports.append((settings.thrift.port, "Thrift port \(settings.thrift.port)/tcp (settings.thrift.port)")) }
            if settings.dhcp.mode == .proxy {
                ports.append((DefaultPorts.dhcp, "ProxyDHCP port \(DefaultPorts.dhcp)/udp (settings.dhcp.mode proxy)"))
                ports.append((DefaultPorts.proxyDHCP, "ProxyDHCP port \(DefaultPorts.proxyDHCP)/udp (settings.dhcp.mode proxy)"))
                // SO_BINDTODEVICE is unprivileged since Linux 5.7 (for a socket not yet tied to a device).
                if !settings.dhcp.interface.isEmpty, privileges.kernel < (5, 7), !privileges.has(.netRaw) {
                    out.append(Missing(capability: LinuxCapability.netRaw.name,
                                       forWhat: "ProxyDHCP bound to interface \(settings.dhcp.interface) (SO_BINDTODEVICE, kernel before 5.7)"))
                }
            }
        }
        if !privileges.has(.netBindService) {
            for (port, what) in ports where privileges.portIsPrivileged(port) {
                out.append(Missing(capability: LinuxCapability.netBindService.name, forWhat: what))
            }
        }
        return out
    }

    /// The error `serve` exits with, or nil when nothing is missing.
    func failure(config: AppConfig, settings: Settings) -> CapabilityError? {
        let missing = missing(config: config, settings: settings)
        return missing.isEmpty ? nil : CapabilityError(missing: missing, unprivilegedPortStart: privileges.unprivilegedPortStart)
    }
}

/// `serve` cannot bind what it is configured to: which capability is missing, for what.
public struct CapabilityError: Error, CustomStringConvertible {
    let missing: [ServeCapabilityCheck.Missing]
    let unprivilegedPortStart: Int

    public var description: String {
        var lines = missing.map { "missing capability \($0.capability): needed for \($0.forWhat)" }
        lines.append("run as root with its capabilities, start it from packaging/systemd/disklessd.service (AmbientCapabilities=), or grant "
                     + "`setcap cap_net_bind_service,cap_net_raw+ep <binary>`")
        if missing.contains(where: { $0.capability == LinuxCapability.netBindService.name }) {
            lines.append("or move the port to \(unprivilegedPortStart) or above (net.ipv4.ip_unprivileged_port_start), "
                         + "or start with --http-only (no TFTP, ProxyDHCP, Thrift)")
        }
        return lines.joined(separator: "\n")
    }
}

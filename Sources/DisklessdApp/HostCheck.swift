import Domain
import Foundation
import ProcessSpawn
import SystemdSupport

/// What `disklessd check` reports: which parts of the boot chain this host can run.
/// Every probe only reads (files, PATH, a bind attempt); nothing is changed.
public struct HostCheck: Sendable {
    /// One line of the report.
    public struct Finding: Sendable, Hashable {
        public var name: String
        public var ok: Bool
        public var detail: String
    }

    public init() {}

    /// Runs every probe. Ports are checked with a TCP or UDP bind on 0.0.0.0.
    public func run() -> [Finding] {
        var out: [Finding] = []
        out.append(executable("lvm", detail: "LVM tools"))
        out.append(anyFile("liblvm2cmd", ["/usr/lib/x86_64-linux-gnu/liblvm2cmd.so.2.03", "/lib/x86_64-linux-gnu/liblvm2cmd.so.2.03",
                                          "/usr/lib/x86_64-linux-gnu/liblvm2cmd.so", "/usr/lib/liblvm2cmd.so"]))
        out.append(deviceMapper())
        out.append(anyFile("configfs / LIO", ["/sys/kernel/config/target"]))
        out.append(executable("tgtd", detail: "tgt user-space target"))
        out.append(executable("tgtadm", detail: "tgt admin tool"))
        out.append(tgtdAnswers())
        out.append(anyFile("ipxe undionly.kpxe", ["/usr/lib/ipxe/undionly.kpxe"]))
        out.append(anyFile("ipxe ipxe.efi", ["/usr/lib/ipxe/ipxe.efi"]))
        for (port, proto, what) in [(DefaultPorts.http, PortProbe.Proto.tcp, "HTTP API"), (DefaultPorts.tftp, .udp, "TFTP"),
                                    (DefaultPorts.dhcp, .udp, "DHCP"), (DefaultPorts.proxyDHCP, .udp, "ProxyDHCP"),
                                    (DefaultPorts.thrift, .tcp, "Thrift"), (DefaultPorts.iscsi, .tcp, "iSCSI")] {
            let free = PortProbe.isFree(port: port, proto: proto)
            out.append(Finding(name: "port \(port)/\(proto) (\(what))", ok: free.ok, detail: free.detail))
        }
        out.append(capabilities(ProcessPrivileges.current()))
        return out
    }

    /// Whether this process may bind the privileged ports TFTP and ProxyDHCP use.
    func capabilities(_ privileges: ProcessPrivileges) -> Finding {
        let wanted: [LinuxCapability] = [.netBindService, .netRaw, .sysAdmin]
        let missing = wanted.filter { !privileges.has($0) }.map(\.name)
        return Finding(name: "capabilities", ok: privileges.has(.netBindService) || privileges.unprivilegedPortStart <= DefaultPorts.dhcp,
                       detail: missing.isEmpty ? "\(wanted.map(\.name).joined(separator: ", ")) effective"
                           : "missing \(missing.joined(separator: ", ")) (ports below \(privileges.unprivilegedPortStart) need CAP_NET_BIND_SERVICE)")
    }

    func executable(_ name: String, detail: String) -> Finding {
        if let path = Self.which(name) { return Finding(name: name, ok: true, detail: "\(detail) at \(path)") }
        return Finding(name: name, ok: false, detail: "\(detail) not on PATH")
    }

    func anyFile(_ name: String, _ paths: [String]) -> Finding {
        if let found = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) {
            return Finding(name: name, ok: true, detail: found)
        }
        return Finding(name: name, ok: false, detail: "not found (\(paths.joined(separator: ", ")))")
    }

    func deviceMapper() -> Finding {
        let misc = (try? String(contentsOfFile: "/proc/misc", encoding: .utf8)) ?? ""
        let inMisc = misc.split(separator: "\n").contains { $0.hasSuffix(" device-mapper") }
        let inSys = FileManager.default.fileExists(atPath: "/sys/class/misc/device-mapper")
        return Finding(name: "device-mapper", ok: inMisc || inSys,
                       detail: inMisc || inSys ? "present" : "absent: LVM snapshots cannot be activated on this kernel")
    }

    func tgtdAnswers() -> Finding {
        guard let tgtadm = Self.which("tgtadm") else {
            return Finding(name: "tgtd answers", ok: false, detail: "tgtadm not installed")
        }
        let status: Int32
        do {
            status = try Spawn.run([tgtadm, "--lld", "iscsi", "--mode", "system", "--op", "show"], timeout: 10).status
        } catch {
            return Finding(name: "tgtd answers", ok: false, detail: "cannot run tgtadm: \(error)")
        }
        return status == 0
            ? Finding(name: "tgtd answers", ok: true, detail: "tgtadm --mode system --op show succeeded")
            : Finding(name: "tgtd answers", ok: false, detail: "no tgtd on the default control port (exit \(status))")
    }

    /// The first executable called `name` on PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/sbin:/usr/bin:/sbin:/bin"
        for dir in (path + ":/usr/sbin:/sbin").split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

import Foundation

/// The Linux capabilities disklessd may need, by their number in `capability.h`.
public enum LinuxCapability: Int, Sendable, CaseIterable {
    case netBindService = 10
    case netRaw = 13
    case sysAdmin = 21

    /// The name systemd units, `setpriv` and `capsh` use.
    public var name: String {
        switch self {
        case .netBindService: "CAP_NET_BIND_SERVICE"
        case .netRaw: "CAP_NET_RAW"
        case .sysAdmin: "CAP_SYS_ADMIN"
        }
    }
}

/// What this process may do, read from the kernel: the effective capability set, the lowest port
/// anyone may bind, the kernel version.
public struct ProcessPrivileges: Sendable {
    /// Bit n set = capability n in the effective set.
    public let effective: UInt64
    /// `net.ipv4.ip_unprivileged_port_start` (1024 unless the admin lowered it; per network namespace).
    public let unprivilegedPortStart: Int
    /// (major, minor) of the running kernel.
    public let kernel: (major: Int, minor: Int)

    public init(effective: UInt64, unprivilegedPortStart: Int, kernel: (major: Int, minor: Int)) {
        self.effective = effective
        self.unprivilegedPortStart = unprivilegedPortStart
        self.kernel = kernel
    }

    /// This process's privileges. Unreadable files count as "everything allowed" (the bind then
    /// fails with the kernel's own error, as before this check existed).
    public static func current() -> ProcessPrivileges {
        let status = (try? readText("/proc/self/status")) ?? ""
        let start = (try? readText("/proc/sys/net/ipv4/ip_unprivileged_port_start")).flatMap {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
        } ?? 1024
        return ProcessPrivileges(effective: effectiveSet(status: status) ?? .max, unprivilegedPortStart: start,
                                 kernel: kernelVersion())
    }

    public func has(_ capability: LinuxCapability) -> Bool { effective & (1 << UInt64(capability.rawValue)) != 0 }

    /// Whether binding `port` needs CAP_NET_BIND_SERVICE.
    public func portIsPrivileged(_ port: Int) -> Bool { port > 0 && port < unprivilegedPortStart }

    /// The `CapEff:` line of `/proc/<pid>/status` (hexadecimal), or nil when absent.
    public static func effectiveSet(status: String) -> UInt64? {
        for line in status.split(separator: "\n") where line.hasPrefix("CapEff:") {
            return UInt64(line.dropFirst("CapEff:".count).trimmingCharacters(in: .whitespaces), radix: 16)
        }
        return nil
    }

    static func kernelVersion() -> (major: Int, minor: Int) {
        var names = utsname()
        guard uname(&names) == 0 else { return (0, 0) }
        let release = withUnsafeBytes(of: &names.release) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        let parts = release.split(whereSeparator: { !$0.isNumber }).prefix(2).compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : (0, 0)
    }

    static func readText(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}

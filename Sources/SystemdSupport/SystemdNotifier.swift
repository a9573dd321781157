#if canImport(Glibc)
import Glibc
#endif

/// sd_notify(3) without libsystemd: one datagram of `KEY=VALUE` lines to the unix socket named
/// by `NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace). With `Type=notify`
/// systemd counts the unit as started at `READY=1` and as stopping at `STOPPING=1`. Without
/// `NOTIFY_SOCKET` (not under systemd, or another `Type=`) every call does nothing.
public struct SystemdNotifier: Sendable {
    /// The socket address as given in the environment; nil when there is none.
    public let socketPath: String?

    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"] ?? ""
        socketPath = path.isEmpty ? nil : path
    }

    /// Sends `state` (for example `"READY=1"`); returns false when there was no socket or the
    /// send failed (systemd then times the start out, which says more than a log line here).
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard let socketPath, let address = Self.address(socketPath) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let message = Array(state.utf8)
        let sent = address.withUnsafeBytes { raw in
            message.withUnsafeBytes { body in
                sendto(fd, body.baseAddress, body.count, Int32(MSG_NOSIGNAL),
                       raw.baseAddress?.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
        }
        return sent == message.count
    }

    /// A `sockaddr_un` spelled as bytes: the family (host byte order), then the path. An abstract
    /// name (`@name`) starts with a NUL and its length counts exactly its bytes; a path ends with
    /// one. Nil when the path does not fit `sun_path` (108 bytes).
    static func address(_ path: String) -> [UInt8]? {
        var name = Array(path.utf8)
        if name.first == UInt8(ascii: "@") { name[0] = 0 } else { name.append(0) }
        guard name.count <= 108 else { return nil }
        let family = UInt16(AF_UNIX)
        return [UInt8(family & 0xff), UInt8(family >> 8)] + name
    }
}

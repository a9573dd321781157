import Foundation
import NIOCore
#if canImport(Glibc)
import Glibc
#endif

/// Checks whether a port can be bound by trying to bind it (then closing at once).
enum PortProbe {
    enum Proto: String { case tcp, udp }

    static func isFree(port: Int, proto: Proto) -> (ok: Bool, detail: String) {
        let fd = socket(AF_INET, proto == .tcp ? Int32(SOCK_STREAM.rawValue) : Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { return (false, "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var yes: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        // NIO's SocketAddress builds the sockaddr_in: spelling its fields here breaks the release
        // build, where Glibc's sockaddr_in resolves to CNIOLinux's copy (MemberImportVisibility).
        guard let address = try? SocketAddress(ipAddress: "0.0.0.0", port: port) else {
            return (false, "port \(port) is not a valid port")
        }
        let result = address.withSockAddr { bind(fd, $0, socklen_t($1)) }
        if result == 0 { return (true, "free") }
        let code = errno
        if code == EADDRINUSE { return (false, "in use") }
        if code == EACCES { return (false, "needs CAP_NET_BIND_SERVICE (root, or the unit's AmbientCapabilities=)") }
        return (false, "bind failed: \(String(cString: strerror(code)))")
    }
}

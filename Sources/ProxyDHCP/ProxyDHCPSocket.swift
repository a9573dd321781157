import Glibc
import NIOCore

/// Creates the UDP sockets ProxyDHCP listens on, with the options NIO's bootstrap cannot set:
/// SO_BINDTODEVICE takes an interface name, not an integer.
enum ProxyDHCPSocket {
    /// A bound, non-blocking UDP socket on `address:port`:
    /// - SO_REUSEADDR, so it can be restarted at once and coexist with other port-67 sockets
    ///   bound to other interfaces;
    /// - SO_BROADCAST, to receive DISCOVERs sent to 255.255.255.255 and to broadcast replies;
    /// - SO_BINDTODEVICE when an interface is configured, so only that LAN is answered and
    ///   broadcasts leave through it (binding 0.0.0.0 is still needed to receive broadcasts).
    static func make(address: String, port: Int, interface: String) throws(ProxyDHCPError) -> CInt {
        let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { throw .socket("proxydhcp socket() failed: errno \(errno)") }
        do throws(ProxyDHCPError) {
            try setFlag(fd, SO_REUSEADDR, "SO_REUSEADDR")
            try setFlag(fd, SO_BROADCAST, "SO_BROADCAST")
            if !interface.isEmpty {
                let result = interface.withCString { name in
                    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name, socklen_t(strlen(name) + 1))
                }
                guard result == 0 else { throw .socket("proxydhcp cannot bind to interface \(interface.debugDescription): errno \(errno)") }
            }
            guard let socketAddress = try? SocketAddress(ipAddress: address, port: port) else {
                throw .socket("proxydhcp bind address \(address.debugDescription) is not an IPv4 address")
            }
            let bound = socketAddress.withSockAddr { pointer, size in bind(fd, pointer, socklen_t(size)) }
            guard bound == 0 else { throw .socket("proxydhcp cannot bind \(address):\(port): errno \(errno)") }
            return fd
        } catch {
            close(fd)
            throw error
        }
    }

    private static func setFlag(_ fd: CInt, _ option: CInt, _ name: String) throws(ProxyDHCPError) {
        var one: CInt = 1
        guard setsockopt(fd, SOL_SOCKET, option, &one, socklen_t(MemoryLayout<CInt>.size)) == 0 else {
            throw .socket("proxydhcp setsockopt \(name) failed: errno \(errno)")
        }
    }
}

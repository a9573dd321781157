import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A blocking TCP socket connected to 127.0.0.1:`port`, for the tests' raw clients (HTTP, iSCSI,
/// SSE). Reads time out after `receiveTimeoutSeconds` (none when nil). The caller closes it.
public func connectLoopback(port: Int, receiveTimeoutSeconds: Int? = nil) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw LoopbackTCPError(description: "socket: errno \(errno)") }
    if let seconds = receiveTimeoutSeconds {
        var timeout = timeval(tv_sec: seconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }
    var address = loopbackAddress(port: port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else {
        let error = errno
        close(fd)
        throw LoopbackTCPError(description: "connect to 127.0.0.1:\(port): errno \(error)")
    }
    return fd
}

/// 127.0.0.1:`port` as a socket address (port 0: any free port when bound).
public func loopbackAddress(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

public struct LoopbackTCPError: Error, CustomStringConvertible {
    public let description: String
}

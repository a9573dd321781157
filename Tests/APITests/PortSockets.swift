import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Real sockets on 127.0.0.1 for the live-rebind tests: a port held by someone else, and probes
/// that ask whether a TFTP or TCP listener answers there. Blocking calls run off the cooperative
/// pool (`offPool`), bounded by a receive timeout.
final class HeldPort: @unchecked Sendable {
    let fd: Int32
    let port: Int

    /// Binds a free port (UDP or TCP, listening) and keeps it until `release()` or deinit.
    init(udp: Bool, port wanted: Int = 0) throws {
        let fd = socket(AF_INET, udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw PortSocketError.failed("socket") }
        var addr = loopbackAddress(port: wanted)
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, udp || listen(fd, 8) == 0 else {
            close(fd)
            throw PortSocketError.failed("bind")
        }
        var out = sockaddr_in()
        var size = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &out) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &size) }
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: out.sin_port))
    }

    deinit { close(fd) }
}

enum PortSocketError: Error { case failed(String) }

enum ListenProbe {
    /// True when a TFTP server on `port` answers a read request (any DATA or ERROR packet) within 5 s.
    static func tftpAnswers(port: Int) async -> Bool {
        await offPool {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var timeout = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            // RRQ "no-such-file" octet: the server answers with an ERROR packet (file not found).
            let request: [UInt8] = [0, 1] + Array("no-such-file".utf8) + [0] + Array("octet".utf8) + [0]
            var addr = loopbackAddress(port: port)
            let sent = request.withUnsafeBytes { bytes in
                withUnsafePointer(to: &addr) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            guard sent == request.count else { return false }
            var buffer = [UInt8](repeating: 0, count: 1024)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            return n >= 4 && (buffer[1] == 3 || buffer[1] == 5)
        }
    }

    /// True when something accepts a TCP connection on `port`.
    static func tcpAccepts(port: Int) async -> Bool {
        await offPool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return false }
            defer { close(fd) }
            var addr = loopbackAddress(port: port)
            return withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }
    }
}

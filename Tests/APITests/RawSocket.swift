import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A TCP client for what URLSession cannot do here (reading an endless SSE response line by line).
/// Every read times out after `timeoutSeconds`; the blocking reads run on a thread of their own
/// (`offPool`), never on the cooperative pool the in-process server needs to answer them.
final class RawSocket: @unchecked Sendable {
    let fd: Int32

    init(port: Int, timeoutSeconds: Int = 10) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawSocketError.failed("socket") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw RawSocketError.failed("connect")
        }
    }

    deinit { close(fd) }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count else {
            throw RawSocketError.failed("write")
        }
    }

    /// Reads until `predicate` holds for everything received so far, or the peer closes, or a read times out.
    func read(until predicate: @escaping @Sendable (String) -> Bool) async -> String {
        await offPool { self.readBlocking(until: predicate) }
    }

    /// True when the peer closes the connection before a read times out.
    func closesByPeer() async -> Bool {
        await offPool { self.closesByPeerBlocking() }
    }

    private func readBlocking(until predicate: (String) -> Bool) -> String {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !predicate(String(decoding: received, as: UTF8.self)) {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += buffer[0..<n]
        }
        return String(decoding: received, as: UTF8.self)
    }
}

extension RawSocket {
    fileprivate func closesByPeerBlocking() -> Bool {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return true }
            if n < 0 { return false }
        }
    }
}

enum RawSocketError: Error { case failed(String) }

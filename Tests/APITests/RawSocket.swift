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
        do {
            fd = try connectLoopback(port: port, receiveTimeoutSeconds: timeoutSeconds)
        } catch {
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

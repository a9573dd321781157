import Foundation
import Glibc

/// Ports a test hands to something that binds them later on 127.0.0.1 (tgtd's portal,
/// `disklessd target`'s, a `--boot-port`).
///
/// Drawn from 22000–32499, below the kernel's ephemeral range (32768–60999 here), where an
/// outgoing connection or a port-0 listener of any test could take a port between the pick and
/// the bind (a run lost a test so: `--boot-port` 33409 went to another test's server); never the
/// same one twice in a process, and free for TCP and UDP when picked.
public enum TestPorts {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var handedOut: Set<Int> = []

    public static func pick() -> Int {
        lock.withLock {
            while true {
                let port = Int.random(in: 22000...32499)
                guard !handedOut.contains(port), isFree(port, udp: false), isFree(port, udp: true) else { continue }
                handedOut.insert(port)
                return port
            }
        }
    }

    /// A distinct number in 1000–9999, such as tgtd's control-socket index (`-C`).
    public static func pickIndex() -> Int {
        lock.withLock {
            while true {
                let index = Int.random(in: 1000...9999)
                guard !handedOut.contains(-index) else { continue }
                handedOut.insert(-index)
                return index
            }
        }
    }

    /// Whether a TCP (or UDP) socket can bind 127.0.0.1:`port` now.
    static func isFree(_ port: Int, udp: Bool) -> Bool {
        let type = udp ? Int32(SOCK_DGRAM.rawValue) : Int32(SOCK_STREAM.rawValue)
        let fd = socket(AF_INET, type | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return true }
        defer { close(fd) }
        var addr = loopbackAddress(port: port)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

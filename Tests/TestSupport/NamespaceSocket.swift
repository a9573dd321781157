import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Creates a socket inside a named network namespace: a fresh thread enters it with setns(2)
/// (which affects only that thread), runs `make` and ends. A socket stays in the namespace it was
/// created in, whichever thread later reads it, so a server under test runs in this process while
/// its network is the namespace's (ProxyDHCP's socket factory, a socket that holds a port there).
public enum NamespaceSocket {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// setns(2) from libc: Glibc's Swift module does not export it (it needs _GNU_SOURCE).
    private typealias SetNS = @convention(c) (CInt, CInt) -> CInt
    nonisolated(unsafe) private static let setns: SetNS? = dlsym(nil, "setns").map { unsafeBitCast($0, to: SetNS.self) }
    private static let cloneNewNet: CInt = 0x4000_0000

    /// Runs `make` on a thread inside `/run/netns/<namespace>` and returns its descriptor. Blocks
    /// the calling thread until that thread ends (it only creates and binds a socket).
    public static func make(in namespace: String, _ make: @escaping @Sendable () throws -> CInt) throws -> CInt {
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            let nsfd = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
            guard nsfd >= 0 else {
                box.set(.failure(Failure(description: "cannot open netns \(namespace): errno \(errno)")))
                return
            }
            defer { close(nsfd) }
            guard let setns = Self.setns, setns(nsfd, Self.cloneNewNet) == 0 else {
                box.set(.failure(Failure(description: "setns \(namespace) failed: errno \(errno)")))
                return
            }
            box.set(Result { try make() })
        }
        thread.start()
        guard done.wait(timeout: .now() + 30) == .success else { throw Failure(description: "netns socket thread hung") }
        return try box.get()
    }

    /// A plain UDP socket in `namespace` bound to `0.0.0.0:port` on `device` (SO_BINDTODEVICE),
    /// without SO_REUSEADDR: nobody else can bind that port on that device while it is open.
    public static func holdUDP(in namespace: String, port: Int, device: String) throws -> CInt {
        try make(in: namespace) {
            let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
            let tied = device.withCString { setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, $0, socklen_t(strlen($0) + 1)) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            let bound = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard tied == 0, bound == 0 else {
                let code = errno
                close(fd)
                throw Failure(description: "cannot hold udp port \(port) on \(device) in \(namespace): errno \(code)")
            }
            return fd
        }
    }

    /// The thread's result, handed to the waiting caller (the semaphore orders the two).
    private final class ResultBox: @unchecked Sendable {
        private let lock = NSLock()
        private var result: Result<CInt, any Error> = .failure(Failure(description: "thread did not run"))
        func set(_ r: Result<CInt, any Error>) { lock.withLock { result = r } }
        func get() throws -> CInt { try lock.withLock { result }.get() }
    }
}

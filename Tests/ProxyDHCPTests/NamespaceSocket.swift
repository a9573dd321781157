import Foundation
import Glibc
import NIOConcurrencyHelpers
@testable import ProxyDHCP

/// Creates ProxyDHCP's sockets inside a named network namespace: a fresh thread enters it with
/// setns(2) (which affects only that thread), makes the socket and ends. A socket stays in the
/// namespace it was created in, whichever thread later reads it, so the server under test runs
/// in this process while its network is the namespace's.
enum NamespaceSocket {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// setns(2) from libc: Glibc's Swift module does not export it (it needs _GNU_SOURCE).
    private typealias SetNS = @convention(c) (CInt, CInt) -> CInt
    private static let setns: SetNS? = dlsym(nil, "setns").map { unsafeBitCast($0, to: SetNS.self) }
    private static let cloneNewNet: CInt = 0x4000_0000

    static func factory(namespace: String) -> ProxyDHCPServer.SocketFactory {
        { address, port, interface in
            let result = NIOLockedValueBox<Result<CInt, any Error>>(.failure(Failure(description: "thread did not run")))
            let done = DispatchSemaphore(value: 0)
            let thread = Thread {
                defer { done.signal() }
                let nsfd = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
                guard nsfd >= 0 else {
                    result.withLockedValue { $0 = .failure(Failure(description: "cannot open netns \(namespace): errno \(errno)")) }
                    return
                }
                defer { close(nsfd) }
                guard let setns = Self.setns, setns(nsfd, Self.cloneNewNet) == 0 else {
                    result.withLockedValue { $0 = .failure(Failure(description: "setns \(namespace) failed: errno \(errno)")) }
                    return
                }
                let made = Result<CInt, any Error> { try ProxyDHCPSocket.make(address: address, port: port, interface: interface) }
                result.withLockedValue { $0 = made }
            }
            thread.start()
            guard done.wait(timeout: .now() + 30) == .success else { throw Failure(description: "netns socket thread hung") }
            return try result.withLockedValue { $0 }.get()
        }
    }
}

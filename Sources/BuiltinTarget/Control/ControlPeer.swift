#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Who is on the other end of a control connection (`SO_PEERCRED`: the kernel's word, taken when
/// the peer connected), and whether it may drive the target. The socket's mode (0600 in a 0700
/// directory) already keeps others out; this check holds even when a mode is relaxed by hand.
struct ControlPeer: Sendable, Hashable {
    /// `struct ucred` of <sys/socket.h>: three 32-bit fields, laid out as in C.
    struct Credentials: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = .max
        var gid: UInt32 = .max
    }

    var pid: Int32
    var uid: UInt32
    var gid: UInt32

    /// The peer of `channel`; nil when the kernel does not say (not a Unix socket).
    static func of(_ channel: any Channel) async -> ControlPeer? {
        guard let provider = channel as? any SocketOptionProvider else { return nil }
        let future: EventLoopFuture<Credentials> = provider.unsafeGetSocketOption(level: SocketOptionLevel(SOL_SOCKET),
                                                                                   name: SocketOptionName(SO_PEERCRED))
        guard let c = try? await future.get(), c.uid != .max else { return nil }
        return ControlPeer(pid: c.pid, uid: c.uid, gid: c.gid)
    }

    /// Root, or the user the target itself runs as (a target started by hand as that user).
    func mayControl(ownUID: UInt32 = getuid()) -> Bool { uid == 0 || uid == ownUID }
}

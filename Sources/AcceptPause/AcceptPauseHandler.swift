#if canImport(Glibc)
import Glibc
#endif
import NIOCore

/// Stops a listening channel from spinning when accept(2) fails for want of descriptors or
/// memory (EMFILE, ENFILE, ENOBUFS, ENOMEM): reading pauses for `pause`, then resumes.
///
/// NIO's own `AcceptBackoffHandler` (which `ServerBootstrap` adds) only delays the next `read()`;
/// but a failed accept leaves the server channel's read pending, so the listener stays in epoll,
/// which reports it readable again at once: measured ~7,000 failing accept4 calls a second and
/// 3 s of CPU in 5 s at `prlimit --nofile=128` with 300 clients waiting (the `units` tier).
/// Turning `autoRead` off takes the listener out of epoll; turning it back on re-arms it.
///
/// Put it first in the server channel's pipeline, ahead of `AcceptBackoffHandler`, which swallows
/// the error.
public final class AcceptPauseHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = any Channel

    let pause: TimeAmount
    private var resume: Scheduled<Void>?

    public init(pause: TimeAmount = .seconds(1)) {
        self.pause = pause
    }

    public func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let io = error as? IOError, Self.isResourceShortage(io), resume == nil,
           let options = context.channel.syncOptions, (try? options.setOption(.autoRead, value: false)) != nil {
            let channel = context.channel
            resume = context.eventLoop.assumeIsolated().scheduleTask(in: pause) { [self] in
                resume = nil
                try? channel.syncOptions?.setOption(.autoRead, value: true)
            }
        }
        context.fireErrorCaught(error)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        resume?.cancel()
        resume = nil
        context.fireChannelInactive()
    }

    static func isResourceShortage(_ error: IOError) -> Bool {
        [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errnoCode)
    }
}

@available(*, unavailable)
extension AcceptPauseHandler: Sendable {}

import NIOCore

/// Keeps a listening channel accepting while the connection cap allows, without waiting for
/// Hummingbird's accept loop to take each new connection.
///
/// Hummingbird hands accepted connections to an async loop through NIO's async channel, whose
/// back-pressure stops accepting once 10 connections wait for that loop (it runs on the
/// cooperative pool). When 500 PCs connect in the same moment while the event loops are busy
/// serving, the loop gets the CPU in slices, and the rest of the connections wait in the listen
/// backlog: measured as a 300–600 ms p99 for the first requests of a boot storm (and for
/// `/healthz`). A connection is fully set up (its pipeline, with the boot fast path) before it
/// reaches that loop, so accepting ahead serves it at once; the loop still takes every
/// connection, in order. The caps still hold: no read is asked for while `mayAccept` says no
/// (`HTTPConnectionGate`'s hard cap), nor while reading is switched off (`AcceptPauseHandler`
/// after EMFILE).
///
/// Put it first in the server channel's pipeline: its reads then go straight to the socket,
/// past the async channel's back-pressure.
public final class AcceptAheadHandler: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = any Channel

    private let mayAccept: @Sendable () -> Bool

    public init(mayAccept: @escaping @Sendable () -> Bool) {
        self.mayAccept = mayAccept
    }

    public func channelReadComplete(context: ChannelHandlerContext) {
        context.fireChannelReadComplete()
        if mayAccept(), (try? context.channel.syncOptions?.getOption(.autoRead)) == true {
            context.read()
        }
    }
}

@available(*, unavailable)
extension AcceptAheadHandler: Sendable {}

extension HTTPServerLimits {
    /// Connections a listener accepts per event-loop turn (NIO's default is 4).
    public static let acceptsPerRead: UInt = 128

    /// The `AcceptAheadHandler` for a listener under these caps.
    public func acceptAhead() -> AcceptAheadHandler {
        let gate = gate
        return AcceptAheadHandler(mayAccept: { gate.acceptingSockets })
    }
}

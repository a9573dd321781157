import NIOCore

/// Closes a connection when `IdleStateHandler` (placed before it) reports its timeout: a stalled
/// upload, a silent or dead peer cannot hold a connection (and its task) forever. It reads
/// nothing itself; every inbound message passes through unchanged, so it sits in any pipeline
/// (HTTP, Thrift).
public final class IdleCloser: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = Any

    public init() {}

    public func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

@available(*, unavailable)
extension IdleCloser: Sendable {}

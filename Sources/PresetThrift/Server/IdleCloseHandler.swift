import NIOCore

/// Closes the connection when `IdleStateHandler` reports that nothing was read for too long,
/// so a silent peer cannot hold a connection (and its task) forever.
final class IdleCloseHandler: ChannelInboundHandler {
    typealias InboundIn = ThriftInbound

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}

@available(*, unavailable)
extension IdleCloseHandler: Sendable {}

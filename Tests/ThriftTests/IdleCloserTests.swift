import AcceptPause
import NIOCore
import NIOEmbedded
import Testing

/// The idle-close handler both listeners (API, Thrift) use: an idle event closes the connection,
/// anything else passes through untouched.
@Suite struct IdleCloserTests {
    @Test func anIdleEventClosesTheConnection() throws {
        let channel = EmbeddedChannel(handler: IdleCloser())
        channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        #expect(!channel.isActive)
    }

    @Test func dataAndOtherEventsPassThrough() throws {
        let channel = EmbeddedChannel(handler: IdleCloser())
        try channel.writeInbound(ByteBuffer(string: "hello"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "hello"))
        channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
        #expect(channel.isActive)
        #expect(try channel.finish().isClean)
    }
}

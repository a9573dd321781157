import AcceptPause
import NIOCore
import NIOEmbedded
import Testing

/// The idle-close handler both listeners (API, Thrift) use: an idle event closes the connection,
/// anything else passes through untouched.
@Suite struct IdleCloserTests {
    @Test func anIdleEventClosesTheConnection() throws {
        let channel = EmbeddedChannel(handler: IdleCloser())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        #expect(channel.isActive)
        channel.pipeline.fireUserInboundEventTriggered(IdleStateHandler.IdleStateEvent.read)
        #expect(!channel.isActive)
    }

    @Test func dataPassesThroughAndTheConnectionStaysOpen() throws {
        let channel = EmbeddedChannel(handler: IdleCloser())
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 1)).wait()
        try channel.writeInbound(ByteBuffer(string: "hello"))
        #expect(try channel.readInbound(as: ByteBuffer.self) == ByteBuffer(string: "hello"))
        #expect(channel.isActive)
    }
}

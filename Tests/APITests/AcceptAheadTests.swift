import API
import Foundation
import NIOCore
import NIOPosix
import Testing

/// `AcceptAheadHandler` on a real NIO listener whose async accept loop never takes a connection
/// (as when Hummingbird's loop is starved of CPU): NIO's back-pressure stops accepting after 10
/// waiting connections, the handler keeps accepting while the cap allows, and stops when it does
/// not. Each accepted connection greets its client on activation, which shows it was accepted.
@Suite struct AcceptAheadTests {
    final class Greeter: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer

        func channelActive(context: ChannelHandlerContext) {
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: "hi\n")), promise: nil)
            context.fireChannelActive()
        }
    }

    /// How many of `clients` connections are greeted within 3 s (read side by side) by a listener with (or without)
    /// the handler in front, while nothing consumes its accepted connections.
    static func greeted(clients: Int, acceptAhead: AcceptAheadHandler?) async throws -> Int {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let server = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .bind(host: "127.0.0.1", port: 0) { child in
                child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(Greeter()) }
            }
        if let acceptAhead {
            try await server.channel.eventLoop.submit {
                try server.channel.pipeline.syncOperations.addHandler(acceptAhead, position: .first)
            }.get()
        }
        let port = try #require(server.channel.localAddress?.port)
        let sockets = try (0..<clients).map { _ in try RawSocket(port: port, timeoutSeconds: 3) }
        let count = await withTaskGroup(of: Bool.self) { reads in
            for socket in sockets { reads.addTask { await socket.read(until: { $0.contains("hi\n") }).contains("hi\n") } }
            return await reads.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        try await server.channel.close()
        try await group.shutdownGracefully()
        return count
    }

    @Test func theListenerKeepsAcceptingWhileTheLoopIsBehind() async throws {
        #expect(try await Self.greeted(clients: 40, acceptAhead: AcceptAheadHandler(mayAccept: { true })) == 40)
    }

    @Test func withoutItNIOsBackPressureStopsAccepting() async throws {
        let greeted = try await Self.greeted(clients: 40, acceptAhead: nil)
        #expect(greeted < 40, "NIO's async accept stops at its high watermark (\(greeted) accepted)")
    }

    @Test func theConnectionCapStillStopsIt() async throws {
        let greeted = try await Self.greeted(clients: 40, acceptAhead: AcceptAheadHandler(mayAccept: { false }))
        #expect(greeted < 40, "no read is asked for at the cap (\(greeted) accepted)")
    }
}

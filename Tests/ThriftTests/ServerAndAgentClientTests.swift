import Domain
import Logging
import NIOCore
import NIOPosix
import PresetThrift
import Testing
import ThriftCodec

/// The real NIO server on a loopback port, driven by the real agent client (which speaks the
/// same protocol as a dbc client) and by raw sockets that misbehave.
@Suite struct ServerAndAgentClientTests {
    /// Starts a server on a free port, runs `body`, then cancels the server.
    func withServer(_ body: @Sendable (Int) async throws -> Void) async throws {
        let backend = FakePresetBackend()
        let ports = AsyncStream<Int>.makeStream()
        let server = PresetThriftServer(config: PresetServerConfig(host: "127.0.0.1", port: 0, idleTimeoutSeconds: 30),
                                        dispatcher: PresetDispatcher(backend: backend),
                                        logger: Logger(label: "test"), onBound: { ports.continuation.yield($0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            var iterator = ports.stream.makeAsyncIterator()
            guard let port = await iterator.next() else { throw ThriftError.invalidField("server did not bind") }
            try await body(port)
            group.cancelAll()
        }
    }

    @Test func theAgentClientPingsThenForwardsToARealServer() async throws {
        try await withServer { port in
            let reply = try await NIOAgentClient().call(host: IPv4Address(127, 0, 0, 1), port: port, timeoutSeconds: 3,
                                                        type: 32, body: [], hostName: "pc01")
            #expect(reply.code == 0)
            #expect(try BootMenuList(serialized: reply.message).menus == ["win10", "ubuntu"])
        }
    }

    @Test func nothingListeningIsConnectFailed() async throws {
        // Bind a port, close it, then connect: refused at once.
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        let port = channel.localAddress?.port ?? 1
        try await channel.close()
        await #expect(throws: AgentError.self) {
            _ = try await NIOAgentClient().call(host: IPv4Address(127, 0, 0, 1), port: port, timeoutSeconds: 1,
                                                type: 2, body: [], hostName: nil)
        }
    }

    @Test func anAgentThatNeverAnswersTimesOut() async throws {
        // Accepts connections and never writes a byte.
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).get()
        defer { silent.close(promise: nil) }
        let port = silent.localAddress?.port ?? 1
        do {
            _ = try await NIOAgentClient().call(host: IPv4Address(127, 0, 0, 1), port: port, timeoutSeconds: 1,
                                                type: 4, body: [], hostName: "pc01")
            Issue.record("a silent agent answered")
        } catch let error as AgentError {
            #expect(PresetResultCode.result(for: error).code == 4)
        }
    }

    @Test func garbageGetsAnExceptionAndTheServerKeepsServing() async throws {
        try await withServer { port in
            let garbage = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connect(host: "127.0.0.1", port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
            let answer: [UInt8] = try await garbage.executeThenClose { inbound, outbound in
                try await outbound.write(ByteBuffer(bytes: [0x7f, 0xff, 0xff, 0xff, 1, 2, 3, 4]))
                var bytes: [UInt8] = []
                for try await chunk in inbound { bytes += Array(chunk.readableBytesView) }
                return bytes
            }
            // Framed (the length looked like one): 4-byte prefix, then an EXCEPTION message.
            let (header, reply) = try PresetReply.decode(Array(answer.dropFirst(4)))
            #expect(header.type == .exception)
            guard case .applicationException = reply else { Issue.record("expected an exception"); return }
            let ping = try await NIOAgentClient().call(host: IPv4Address(127, 0, 0, 1), port: port, timeoutSeconds: 3,
                                                       type: 1, body: [], hostName: nil)
            #expect(ping == AgentReply(code: 0, message: Array("pong".utf8)))
        }
    }

    @Test func loopbackIsAlwaysAllowedOthersOnlyWhenListed() {
        let config = PresetServerConfig(allowedClients: [IPv4Address(10, 0, 0, 7)])
        #expect(config.allows(peer: "127.0.0.1"))
        #expect(config.allows(peer: "::1"))
        #expect(config.allows(peer: "10.0.0.7"))
        #expect(config.allows(peer: "::ffff:10.0.0.7"))
        #expect(!config.allows(peer: "10.0.0.8"))
        #expect(!config.allows(peer: nil))
        // No allow-list means loopback only: the port has no authentication of its own.
        #expect(!PresetServerConfig().allows(peer: "192.168.1.50"))
        #expect(PresetServerConfig().allows(peer: "127.0.0.1"))
    }
}

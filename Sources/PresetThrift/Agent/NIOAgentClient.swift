import Domain
import NIOCore
import NIOPosix
import ThriftCodec

/// Forwards Preset calls to the agent in a client OS: connect (bounded), `ping`, then
/// `handleMessage` with the same message, all within `timeoutSeconds` per step. Buffered
/// transport, strict headers: what the prototype's agents speak.
public struct NIOAgentClient: AgentClient {
    let group: any EventLoopGroup
    let limits: ThriftLimits

    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, limits: ThriftLimits = .default) {
        self.group = group
        self.limits = limits
    }

    public func call(host: IPv4Address, port: Int, timeoutSeconds: Int, type: Int32, body: [UInt8],
                     hostName: String?) async throws -> AgentReply {
        let seconds = Int64(max(1, timeoutSeconds))
        let target = "\(host):\(port)"
        let limits = limits
        let connection: NIOAsyncChannel<ThriftInbound, ByteBuffer>
        do {
            connection = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(seconds))
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connect(host: host.description, port: port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            ByteToMessageHandler(ThriftFrameDecoder(limits: limits, transport: .buffered)))
                        return try NIOAsyncChannel<ThriftInbound, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw AgentError.connectFailed("\(target): \(error)")
        }
        let channel = connection.channel
        // A read that never completes is cut by closing the channel from a timer: the inbound
        // sequence then ends and the exchange fails instead of hanging.
        let timer = channel.eventLoop.scheduleTask(in: .seconds(seconds * 2)) { channel.close(promise: nil) }
        defer { timer.cancel() }
        do {
            return try await connection.executeThenClose { inbound, outbound in
                var replies = inbound.makeAsyncIterator()
                try await outbound.write(ByteBuffer(bytes: PresetReply.encodeCall(.ping, sequenceID: 1)))
                guard case .pong = try await Self.next(&replies, limits: limits, target: target) else {
                    throw AgentError.protocolError("\(target): ping was not answered with a string")
                }
                let message = Message(type: type, body: body, host: hostName)
                try await outbound.write(ByteBuffer(bytes: PresetReply.encodeCall(.handleMessage(message), sequenceID: 2)))
                switch try await Self.next(&replies, limits: limits, target: target) {
                case .result(let result):
                    return AgentReply(code: result.code, message: result.message)
                case .invalidMessageType(let e):
                    return AgentReply(code: PresetResultCode.unknownMessageType, message: Array((e.why ?? "").utf8))
                case .applicationException(let e):
                    throw AgentError.protocolError("\(target): \(e.message)")
                case .pong:
                    throw AgentError.protocolError("\(target): handlemessage was answered like ping")
                }
            }
        } catch let error as AgentError {
            throw error
        } catch {
            throw AgentError.timedOut("\(target): \(error)")
        }
    }

    private static func next(_ replies: inout NIOAsyncChannelInboundStream<ThriftInbound>.AsyncIterator,
                             limits: ThriftLimits, target: String) async throws -> PresetReply {
        guard let item = try await replies.next() else {
            throw AgentError.timedOut("\(target): no answer before the connection closed or the time ran out")
        }
        switch item {
        case .malformed(let why, _):
            throw AgentError.protocolError("\(target): \(why)")
        case .message(let bytes, _):
            do {
                return try PresetReply.decode(bytes, limits: limits).1
            } catch {
                throw AgentError.protocolError("\(target): \(error.description)")
            }
        }
    }
}

import Foundation
import NIOCore
import NIOPosix

/// `serve`'s side of the control socket: one request, one answer, per connection.
public struct ControlClient: Sendable {
    public let path: String
    public let timeoutSeconds: Int64
    let group: any EventLoopGroup

    public init(path: String, timeoutSeconds: Int64 = 10, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.path = path
        self.timeoutSeconds = timeoutSeconds
        self.group = group
    }

    public enum ClientError: Error, CustomStringConvertible {
        case unreachable(String, any Error)
        case noAnswer(String)
        case refused(String)

        public var description: String {
            switch self {
            case .unreachable(let path, let error): "the built-in target's control socket \(path) does not answer: \(error)"
            case .noAnswer(let path): "the built-in target closed \(path) without an answer"
            case .refused(let why): "the built-in target refused: \(why)"
            }
        }
    }

    /// Sends `request`; a refusal (`ok: false`) is thrown as `ClientError.refused`.
    public func send(_ request: ControlRequest) async throws -> ControlResponse {
        let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(.seconds(timeoutSeconds))
                .connect(unixDomainSocketPath: path) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(maxLength: 64 << 20)))
                        return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw ClientError.unreachable(path, error)
        }
        var line = try JSONEncoder().encode(request)
        line.append(0x0a)
        let answer: ControlResponse? = try await channel.executeThenClose { inbound, outbound in
            try await outbound.write(ByteBuffer(bytes: line))
            for try await reply in inbound {
                return try JSONDecoder().decode(ControlResponse.self, from: Data(reply.readableBytesView))
            }
            return nil
        }
        guard let answer else { throw ClientError.noAnswer(path) }
        guard answer.ok else { throw ClientError.refused(answer.error ?? "no reason given") }
        return answer
    }
}

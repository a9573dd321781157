import Foundation
import NIOCore
import NIOPosix

/// `serve`'s side of the control socket. One connection is kept open and shared by every copy of
/// the client (the protocol is one JSON line each way and the target answers a connection's lines
/// in order, so requests are pipelined and answers matched first-in first-out). A connection that
/// dies (the target restarted) is replaced: the request is sent once more on a new connection,
/// which is safe because every operation (apply, remove, reset, list) may be repeated.
public struct ControlClient: Sendable {
    public let path: String
    public let timeoutSeconds: Int64
    let connection: ControlConnection

    public init(path: String, timeoutSeconds: Int64 = 10, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.path = path
        self.timeoutSeconds = timeoutSeconds
        connection = ControlConnection(path: path, timeout: .seconds(timeoutSeconds), group: group)
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
        var line = Array(try JSONEncoder().encode(request))
        line.append(0x0a)
        let reply: ByteBuffer
        do {
            reply = try await connection.roundTrip(line)
        } catch ControlConnection.Failure.lost {
            // The kept connection was closed under us (a restarted target): once more on a new one.
            do { reply = try await connection.roundTrip(line) } catch ControlConnection.Failure.lost { throw ClientError.noAnswer(path) }
        }
        let answer = try JSONDecoder().decode(ControlResponse.self, from: Data(reply.readableBytesView))
        guard answer.ok else { throw ClientError.refused(answer.error ?? "no reason given") }
        return answer
    }

    /// Closes the kept connection (the next request opens a new one).
    public func close() { connection.close() }
}

import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The control socket of `disklessd target`: a Unix domain socket (mode 0600 in a 0700
/// directory, so only root reaches it) taking one JSON `ControlRequest` per line and answering
/// one `ControlResponse` per line; a reset and an unchanged apply are answered on the connection's
/// event loop (`ControlFastPath`), everything else by the `TargetTable` actor. A peer that is neither root nor the target's own user
/// (`SO_PEERCRED`) gets one refusal line and the connection ends, whatever the socket's mode.
public struct ControlServer: Service {
    public let path: String
    public let table: TargetTable
    public let logger: Logger
    let group: any EventLoopGroup
    static let maxLine = 1 << 20
    static let ops = ["apply", "applyAndReset", "remove", "list", "reset"].joined(separator: ", ")

    public init(path: String, table: TargetTable, logger: Logger, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.path = path
        self.table = table
        self.logger = logger
        self.group = group
    }

    public func run() async throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        unlink(path)
        let oldMask = umask(0o077)
        let book = table.book
        let server = try await ServerBootstrap(group: group)
            .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineDecoder(maxLength: Self.maxLine)))
                    try channel.pipeline.syncOperations.addHandler(ControlFastPath(book: book))
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        umask(oldMask)
        chmod(path, 0o600)
        logger.notice("target: control socket ready", metadata: ["path": "\(path)"])
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { tasks in
                try await server.executeThenClose { connections in
                    for try await connection in connections {
                        tasks.addTask { await serve(connection) }
                    }
                }
            }
        } onGracefulShutdown: {
            server.channel.close(promise: nil)
        }
    }

    func serve(_ connection: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async {
        let peer = await ControlPeer.of(connection.channel)
        do {
            try await connection.executeThenClose { inbound, outbound in
                guard let peer, peer.mayControl() else {
                    let who = peer.map { "uid \($0.uid) (pid \($0.pid))" } ?? "a peer whose credentials the kernel did not give"
                    logger.warning("target: control connection refused: not root", metadata: ["peer": "\(who)"])
                    var data = try JSONEncoder().encode(ControlResponse(ok: false, error: "refused: \(who) is not root; the control socket takes requests from root only"))
                    data.append(0x0a)
                    try await outbound.write(ByteBuffer(bytes: data))
                    return
                }
                await ControlFastPath.open(connection.channel)
                for try await line in inbound {
                    let response: ControlResponse
                    if let request = try? JSONDecoder().decode(ControlRequest.self, from: Data(line.readableBytesView)) {
                        response = await table.handle(request)
                    } else {
                        response = ControlResponse(ok: false, error: "malformed request: one JSON object per line, op one of \(Self.ops)")
                    }
                    var data = try JSONEncoder().encode(response)
                    data.append(0x0a)
                    try await outbound.write(ByteBuffer(bytes: data))
                }
            }
        } catch {
            logger.debug("target: control connection ended", metadata: ["error": "\(error)"])
        }
    }
}

/// Splits a stream into newline-ended lines (without the newline); a longer line is an error.
struct LineDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer
    let maxLength: Int

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: 0x0a) else {
            if buffer.readableBytes > maxLength { throw ControlError.invalid("control line longer than \(maxLength) bytes") }
            return .needMoreData
        }
        let line = buffer.readSlice(length: newline - buffer.readerIndex)!
        buffer.moveReaderIndex(forwardBy: 1)
        context.fireChannelRead(wrapInboundOut(line))
        return .continue
    }
}

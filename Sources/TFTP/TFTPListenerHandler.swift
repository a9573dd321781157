import Logging
import NIOCore

/// Handles the well-known port (69): decodes requests, refuses what it must with an ERROR packet
/// and hands accepted read requests to `startTransfer`, which moves them to a new port.
final class TFTPListenerHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// An accepted read request, ready to be served from a new channel.
    struct Accepted {
        var client: SocketAddress
        var fileName: String
        var reader: TFTPFileReader
        var transfer: TFTPTransfer
        /// What the transfer reserved in the server's budget (given back when it ends).
        var readAhead: Int
    }

    /// Reserves a transfer in the server's budget: nil when admitted, else why not and whether
    /// to log the refusal.
    typealias Admit = (_ client: String, _ readAhead: Int) -> (refusal: TFTPBudget.Refusal, log: Bool)?

    private let root: TFTPRoot
    private let limits: TFTPLimits
    private let startTransfer: (Accepted) -> Void
    private let admit: Admit
    private let report: @Sendable (TFTPTransferReport) -> Void
    private let logger: Logger

    init(root: TFTPRoot, limits: TFTPLimits, admit: @escaping Admit = { _, _ in nil },
         startTransfer: @escaping (Accepted) -> Void,
         report: @escaping @Sendable (TFTPTransferReport) -> Void, logger: Logger) {
        self.root = root
        self.limits = limits
        self.admit = admit
        self.startTransfer = startTransfer
        self.report = report
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let client = envelope.remoteAddress
        switch TFTPPacket(decoding: envelope.data) {
        case .readRequest(let request):
            switch accept(request) {
            case .success(let (reader, transfer)):
                let readAhead = TFTPBudget.readAhead(of: transfer.negotiation)
                if let refused = admit(client.ipAddress ?? "\(client)", readAhead) {
                    let refusal = refused.refusal
                    reader.close()
                    if refused.log {
                        logger.warning("tftp: refused read request, limit reached (logged once a minute per client)",
                                       metadata: ["client": "\(client)", "why": "\(refusal.message)"])
                    }
                    refuse(.error(code: .notDefined, message: refusal.message), request: request, client: client, context: context)
                    return
                }
                logger.debug("tftp: read request", metadata: ["client": "\(client)", "file": "\(request.fileName)"])
                startTransfer(Accepted(client: client, fileName: request.fileName, reader: reader, transfer: transfer,
                                       readAhead: readAhead))
            case .failure(let error):
                logger.info("tftp: refused read request", metadata: ["client": "\(client)", "error": "\(error)"])
                refuse(error.packet, request: request, client: client, context: context)
            }
        case .writeRequest(let request):
            logger.info("tftp: refused write request", metadata: ["client": "\(client)", "file": "\(request.fileName)"])
            refuse(.error(code: .accessViolation, message: "read-only server"), request: request, client: client, context: context)
        case .some(let other):
            // DATA/ACK/ERROR/OACK belong to a transfer port; on port 69 they are strays.
            logger.debug("tftp: dropped non-request packet", metadata: ["client": "\(client)", "opcode": "\(other.opcode)"])
        case .none:
            logger.debug("tftp: dropped malformed packet", metadata: ["client": "\(client)", "bytes": "\(envelope.data.readableBytes)"])
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket error (ICMP unreachable from an earlier reply) must not stop the listener.
        logger.debug("tftp: listener socket error", metadata: ["error": "\(error)"])
    }

    /// Checks the mode, resolves and opens the file and negotiates the options.
    /// The few syscalls (realpath, open, fstat) run on the event loop; the data reads do not.
    private func accept(_ request: TFTPRequest) -> Result<(TFTPFileReader, TFTPTransfer), TFTPError> {
        // netascii is served byte for byte like octet: boot files are binary and no PXE client
        // asks for netascii; converting line ends would change tsize for no client we serve.
        guard request.mode == "octet" || request.mode == "netascii" else {
            return .failure(.unsupportedMode(request.mode))
        }
        do {
            let reader = try root.openFile(request.fileName)
            let negotiation = TFTPNegotiation(options: request.options, fileSize: reader.size, limits: limits)
            return .success((reader, TFTPTransfer(negotiation: negotiation, fileSize: reader.size, maxRetries: limits.maxRetries)))
        } catch {
            return .failure(error)
        }
    }

    private func refuse(_ packet: TFTPPacket, request: TFTPRequest, client: SocketAddress, context: ChannelHandlerContext) {
        let buffer = packet.encoded(allocator: context.channel.allocator)
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: client, data: buffer)), promise: nil)
        if case .error(let code, let message) = packet {
            report(TFTPTransferReport(client: client, fileName: request.fileName, bytes: 0,
                                      outcome: .refused(code: code, message: message)))
        }
    }
}

@available(*, unavailable)
extension TFTPListenerHandler: Sendable {}

import Domain
import Logging
import NIOCore

/// Moves bytes for one ProxyDHCP socket (67 or 4011): decode, ask the app's policy, let
/// `ProxyDHCPResponder` decide, send. A packet that is not a PXE request is dropped silently;
/// a malformed one is logged and dropped. Nothing a client sends can stop the loop.
final class ProxyDHCPHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let responder: ProxyDHCPResponder
    private let port: ProxyDHCPResponder.Port
    private let policy: @Sendable (MACAddress) async -> BootPolicy
    private let onDecision: @Sendable (ProxyDHCPEvent) -> Void
    private let logger: Logger

    init(responder: ProxyDHCPResponder, port: ProxyDHCPResponder.Port,
         policy: @escaping @Sendable (MACAddress) async -> BootPolicy,
         onDecision: @escaping @Sendable (ProxyDHCPEvent) -> Void, logger: Logger) {
        self.responder = responder
        self.port = port
        self.policy = policy
        self.onDecision = onDecision
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let packet = DHCPPacket(decoding: envelope.data) else {
            logger.debug("proxydhcp: dropped malformed packet", metadata: ["from": "\(envelope.remoteAddress)"])
            return
        }
        guard let request = PXEClientRequest(packet) else { return }  // not a PXE client: not ours
        guard let sourceIP = envelope.remoteAddress.ipAddress.flatMap({ IPv4Address($0) }),
              let sourcePort = envelope.remoteAddress.port else { return }
        let policy = self.policy
        // The policy reads the database: ask it off the loop, come back to the loop to answer.
        context.eventLoop.makeFutureWithTask { await policy(request.mac) }
            .assumeIsolated()
            .whenSuccess { verdict in
                self.answer(request, verdict: verdict, source: (sourceIP, sourcePort), context: context)
            }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // UDP errors (an ICMP unreachable for an earlier reply) belong to no request: log, go on.
        logger.debug("proxydhcp: socket error", metadata: ["error": "\(error)"])
    }

    private func answer(_ request: PXEClientRequest, verdict: BootPolicy, source: (address: IPv4Address, port: Int),
                        context: ChannelHandlerContext) {
        let (decision, reply) = responder.respond(to: request, on: port, policy: verdict)
        let event = ProxyDHCPEvent(mac: request.mac, architecture: request.architecture, isIPXE: request.isIPXE,
                                   messageType: request.messageType, policy: verdict, decision: decision)
        if let reply {
            let destination = responder.destination(for: request, on: port, source: source)
            do {
                let bytes = try reply.encoded(allocator: context.channel.allocator)
                let address = try SocketAddress(ipAddress: destination.address.description, port: destination.port)
                context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: bytes)), promise: nil)
                logger.info("proxydhcp: answered", metadata: ["mac": "\(request.mac)", "arch": "\(request.architecture)",
                                                              "ipxe": "\(request.isIPXE)", "to": "\(address)"])
            } catch {
                logger.error("proxydhcp: cannot build a reply", metadata: ["mac": "\(request.mac)", "error": "\(error)"])
                return
            }
        } else {
            logger.info("proxydhcp: not answered", metadata: ["mac": "\(request.mac)", "decision": "\(decision)"])
        }
        onDecision(event)
    }
}

@available(*, unavailable)
extension ProxyDHCPHandler: Sendable {}

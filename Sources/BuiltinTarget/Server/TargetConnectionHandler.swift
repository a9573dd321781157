import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// One iSCSI connection (MaxConnections=1, so one session): login, then full feature phase.
/// Runs on its channel's event loop; disk I/O goes to the I/O thread pool and its result comes
/// back to the loop, so commands of one session overlap (queue depth > 1).
final class TargetConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum Phase {
        case login(LoginNegotiator)
        case fullFeature
        case closed
    }

    let registry: TargetRegistry
    let pool: NIOThreadPool
    let limits: TargetLimits
    var portal: String
    let logger: Logger
    var buffer: ByteBuffer?
    var framer = PDUFramer()
    var phase: Phase
    var context: ChannelHandlerContext?

    // Full feature phase state.
    var established: LoginNegotiator.Established?
    var target: ExportedTarget?
    var sessionID = 0
    var counters = SessionCounters()
    var sequence = SequenceNumbers(statSN: 0, expCmdSN: 0, window: 1)
    var writes: [UInt32: WriteTask] = [:]
    var inFlight = InFlightTasks()
    var nextTTT: UInt32 = 1
    var pendingText: (itt: UInt32, ttt: UInt32, rest: [UInt8])?
    var peer = "?"
    /// The I_T nexus of this session (reservations), set at login.
    var nexus = Nexus(initiator: "", isid: [])

    init(registry: TargetRegistry, pool: NIOThreadPool, limits: TargetLimits, logger: Logger) {
        self.registry = registry
        self.pool = pool
        self.limits = limits
        self.portal = "" 
        self.logger = logger
        let tsih = UInt16(truncatingIfNeeded: registry.newSessionID() % 0xfffe + 1)
        phase = .login(LoginNegotiator(limits: limits, tsih: tsih, lookup: { [registry] in registry.target($0)?.access }))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        peer = context.channel.remoteAddress?.description ?? "?"
        // SendTargets answers with the address the initiator reached us on.
        if let local = context.channel.localAddress, let ip = local.ipAddress, let port = local.port {
            portal = local.protocol == .inet6 ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if let target, sessionID != 0 {
            target.sessions.withLockedValue { _ = $0.removeValue(forKey: sessionID) }
            for unit in target.units.values { unit.reservations.withLockedValue { $0.nexusLost(nexus) } }   // I_T nexus loss
            logger.info("iscsi: session ended", metadata: ["target": "\(target.access.iqn)", "peer": "\(peer)"])
        }
        phase = .closed
        writes.removeAll()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer == nil { buffer = incoming } else { buffer!.writeBuffer(&incoming) }
        while case .some = buffer, !isClosed {
            let pdu: PDU?
            do throws(PDUFramer.FrameError) {
                pdu = try framer.next(from: &buffer!)
            } catch {
                switch error {
                case .headerDigestMismatch:
                    logger.notice("iscsi: header digest error, closing", metadata: ["peer": "\(peer)"])
                    close()
                    return
                case .dataDigestMismatch(let header):
                    logger.notice("iscsi: data digest error", metadata: ["peer": "\(peer)"])
                    send(ResponseBuilder.reject(header, reason: .dataDigestError), advance: true)
                    continue
                }
            }
            guard let pdu else { break }
            guard pdu.data.count <= limits.maxRecvDataSegmentLength || isLoginPhase else {
                logger.notice("iscsi: data segment past MaxRecvDataSegmentLength", metadata: ["peer": "\(peer)", "length": "\(pdu.data.count)"])
                send(ResponseBuilder.reject(pdu.header, reason: .protocolError), advance: true)
                continue
            }
            handle(pdu)
        }
        if let b = buffer, b.readableBytes == 0 { buffer = nil } else { buffer?.discardReadBytes() }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        context.flush()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("iscsi: connection error", metadata: ["peer": "\(peer)", "error": "\(error)"])
        close()
    }

    var isClosed: Bool { if case .closed = phase { return true } else { return false } }
    var isLoginPhase: Bool { if case .login = phase { return true } else { return false } }

    func close() {
        guard !isClosed else { return }
        phase = .closed
        context?.flush()
        context?.close(promise: nil)
    }

    func handle(_ pdu: PDU) {
        switch phase {
        case .closed:
            return
        case .login(var negotiator):
            let step = negotiator.handle(pdu)
            phase = .login(negotiator)
            switch step {
            case .reply(let response):
                write(response)
            case .fail(let response, let reason):
                logger.notice("iscsi: login refused", metadata: ["peer": "\(peer)", "why": "\(reason)"])
                write(response)
                close()
            case .established(let response, let session):
                write(response)
                enterFullFeature(session)
            }
        case .fullFeature:
            fullFeature(pdu)
        }
    }

    func enterFullFeature(_ session: LoginNegotiator.Established) {
        established = session
        nexus = Nexus(initiator: session.initiatorName, isid: session.isid)
        framer.headerDigest = session.parameters.headerDigest
        framer.dataDigest = session.parameters.dataDigest
        sequence = SequenceNumbers(statSN: session.statSN, expCmdSN: session.expCmdSN, window: limits.commandWindow)
        phase = .fullFeature
        if case .normal(let iqn) = session.type, let target = registry.target(iqn), let channel = context?.channel {
            self.target = target
            sessionID = registry.newSessionID()
            let record = SessionRecord(id: sessionID, initiator: session.initiatorName, address: channel.remoteAddress?.ipAddress,
                                       channel: channel, counters: counters)
            target.sessions.withLockedValue { $0[sessionID] = record }
            logger.info("iscsi: session started", metadata: ["target": "\(iqn)", "initiator": "\(session.initiatorName)", "peer": "\(peer)"])
        }
    }

    /// Writes a PDU as is (login phase: the negotiator stamped it).
    func write(_ pdu: PDU) {
        guard let context else { return }
        var out = context.channel.allocator.buffer(capacity: 48 + pdu.data.count + 12)
        framer.write(pdu, into: &out)
        context.write(wrapOutboundOut(out), promise: nil)
    }

    /// Stamps sequence numbers and writes.
    func send(_ pdu: PDU, advance: Bool) {
        var pdu = pdu
        sequence.stamp(&pdu, advance: advance)
        write(pdu)
    }

    func fullFeature(_ pdu: PDU) {
        guard let opcode = pdu.opcode else {
            send(ResponseBuilder.reject(pdu.header, reason: .commandNotSupported), advance: true)
            return
        }
        if opcode != .dataOut && opcode != .snackRequest {
            let cmdSN = pdu.u32(24)
            if !pdu.isImmediate {
                guard sequence.inWindow(cmdSN) else {
                    logger.notice("iscsi: CmdSN outside the window, ignored", metadata: ["peer": "\(peer)", "cmdSN": "\(cmdSN)", "expCmdSN": "\(sequence.expCmdSN)"])
                    return
                }
                if cmdSN == sequence.expCmdSN { sequence.expCmdSN &+= 1 }
            }
        }
        switch opcode {
        case .scsiCommand: scsiCommand(pdu)
        case .dataOut: dataOut(pdu)
        case .nopOut:
            if pdu.initiatorTaskTag != ResponseBuilder.reservedTag {
                send(ResponseBuilder.nopIn(itt: pdu.initiatorTaskTag, lun: pdu.lun, data: pdu.data), advance: true)
            }
        case .textRequest: text(pdu)
        case .taskManagement: taskManagement(pdu)
        case .logoutRequest:
            send(ResponseBuilder.logoutResponse(itt: pdu.initiatorTaskTag), advance: true)
            close()
        case .loginRequest:
            send(ResponseBuilder.reject(pdu.header, reason: .protocolError), advance: true)
        case .snackRequest:
            send(ResponseBuilder.reject(pdu.header, reason: .snackReject), advance: true)
        default:
            send(ResponseBuilder.reject(pdu.header, reason: .commandNotSupported), advance: true)
        }
    }
}

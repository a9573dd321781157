import Logging
import NIOCore

/// Moves the bytes of one read transfer on its own UDP channel (its own TID, RFC 1350 section 4).
/// Every decision is `TFTPTransfer`'s; this handler reads blocks, writes packets and runs the timer.
final class TFTPTransferHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    /// Reads `length` bytes at `offset` and completes on the given loop.
    typealias BlockReader = @Sendable (_ offset: UInt64, _ length: Int, _ loop: any EventLoop) -> EventLoopFuture<ByteBuffer>

    private var transfer: TFTPTransfer
    private let client: SocketAddress
    private let fileName: String
    private let readBlocks: BlockReader
    private let report: @Sendable (TFTPTransferReport) -> Void
    private let logger: Logger
    private var timer: Scheduled<Void>?
    /// Ends the transfer when it is still running after `maxLifetime` (a client that ACKs just
    /// before each timeout could otherwise hold it for hours).
    private let maxLifetime: TimeAmount
    private var lifetimeTimer: Scheduled<Void>?
    /// When the client's silence becomes a timeout. Every packet sent moves it; the scheduled
    /// task only checks it when it fires and sleeps again if it moved, so a transfer schedules
    /// about one task per timeout period instead of cancelling and scheduling one per ACK.
    private var deadline = NIODeadline.distantFuture
    /// Bumped for every window sent, so a read that finishes after a newer one started is dropped.
    private var generation = 0
    private var finished = false
    /// The last bytes read from the file, starting at `offset`.
    private var readAhead: (offset: UInt64, bytes: ByteBuffer)?
    static let readAheadBytes = 128 * 1024
    /// Whether a window goes out as one UDP GSO write (see `writeBlocks`); turned off for the rest
    /// of the transfer when the kernel refuses one.
    private var segmentation: Bool
    /// Linux's UDP_MAX_SEGMENTS, and what one GSO write may carry (an IP packet's 64 KiB).
    static let maxSegments = 64
    static let maxSegmentedBytes = 65_000

    /// - Parameters:
    ///   - segmentation: send each window of full blocks as one UDP GSO write (Linux
    ///     `UDP_SEGMENT`): the kernel cuts it into the DATA packets, one syscall per window.
    init(transfer: TFTPTransfer, client: SocketAddress, fileName: String, readBlocks: @escaping BlockReader,
         report: @escaping @Sendable (TFTPTransferReport) -> Void, logger: Logger, segmentation: Bool = false,
         maxLifetime: TimeAmount = .seconds(600)) {
        self.segmentation = segmentation
        self.maxLifetime = maxLifetime
        self.transfer = transfer
        self.client = client
        self.fileName = fileName
        self.readBlocks = readBlocks
        self.report = report
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        lifetimeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: maxLifetime) {
            guard !self.finished else { return }
            self.write(.error(code: .notDefined, message: "transfer took too long"), to: self.client, context: context)
            context.flush()
            self.finish(.failed(message: "transfer lifetime limit reached"), context: context, close: true)
        }
        let action = transfer.start()
        perform(action, context: context)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard envelope.remoteAddress == client else {
            // A packet from another port is not part of this transfer (RFC 1350 section 4).
            let reply = TFTPPacket.error(code: .unknownTransferID, message: "unknown transfer id")
            write(reply, to: envelope.remoteAddress, context: context)
            context.flush()
            return
        }
        switch TFTPPacket(decoding: envelope.data) {
        case .ack(let block):
            perform(transfer.receiveAck(block), context: context)
        case .error(let code, let message):
            perform(transfer.receiveError(code: code, message: message), context: context)
        case .some(let other):
            logger.debug("tftp: ignored packet during transfer", metadata: ["opcode": "\(other.opcode)"])
        case .none:
            logger.debug("tftp: dropped malformed packet", metadata: ["client": "\(client)"])
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        // Closed from outside (server shutdown): report what was done so far.
        finish(.failed(message: "transfer channel closed"), context: context, close: false)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // ICMP port unreachable and the like: the client went away. Keep going until the timeout
        // decides; a single bad datagram must not end the transfer.
        logger.debug("tftp: socket error during transfer", metadata: ["error": "\(error)", "file": "\(fileName)"])
    }

    private func perform(_ action: TFTPTransfer.Action, context: ChannelHandlerContext) {
        switch action {
        case .none:
            return
        case .sendOptionAck(let options):
            write(.optionAck(options), to: client, context: context)
            context.flush()
            armTimer(context: context)
        case .sendBlocks(let first, let count):
            sendBlocks(first: first, count: count, context: context)
        case .finish(let outcome):
            finish(outcome, context: context, close: true)
        }
    }

    private func sendBlocks(first: UInt64, count: Int, context: ChannelHandlerContext) {
        generation += 1
        let expected = generation
        let offset = transfer.byteRange(ofBlock: first).lowerBound
        let end = transfer.byteRange(ofBlock: first + UInt64(count) - 1).upperBound
        // Re-armed now, so a slow read counts against the client's timeout rather than stalling.
        armTimer(context: context)
        if let cache = readAhead, offset >= cache.offset,
           end <= cache.offset + UInt64(cache.bytes.readableBytes) {
            writeBlocks(first: first, count: count, from: cache, at: offset, context: context)
            return
        }
        // One read per `readAheadBytes`, not per window: a thread-pool hop per 512-byte block
        // would cost more than the block itself.
        let length = max(Int(end - offset), Self.readAheadBytes)
        readBlocks(offset, length, context.eventLoop).assumeIsolated().whenComplete { result in
            guard !self.finished, expected == self.generation else { return }
            switch result {
            case .success(let bytes):
                let cache = (offset: offset, bytes: bytes)
                self.readAhead = cache
                self.writeBlocks(first: first, count: count, from: cache, at: offset, context: context)
            case .failure(let error):
                self.write(.error(code: .notDefined, message: "read error"), to: self.client, context: context)
                context.flush()
                self.finish(.failed(message: "\(error)"), context: context, close: true)
            }
        }
    }

    /// Writes DATA packets straight from the read-ahead buffer (header + slice, no copy through
    /// `TFTPPacket`, which would copy each block twice).
    private func writeBlocks(first: UInt64, count: Int, from cache: (offset: UInt64, bytes: ByteBuffer), at offset: UInt64,
                             context: ChannelHandlerContext) {
        let blockSize = transfer.negotiation.blockSize
        var bytes = cache.bytes
        bytes.moveReaderIndex(forwardBy: Int(offset - cache.offset))
        let segment = 4 + blockSize
        if segmentation, count > 1, count <= Self.maxSegments, count * segment <= Self.maxSegmentedBytes {
            writeSegmented(first: first, count: count, bytes: bytes, context: context)
            return
        }
        for index in 0 ..< count {
            let length = min(blockSize, bytes.readableBytes)
            var packet = context.channel.allocator.buffer(capacity: 4 + length)
            packet.writeInteger(TFTPOpcode.data.rawValue)
            packet.writeInteger(UInt16(truncatingIfNeeded: first + UInt64(index)))
            if var slice = bytes.readSlice(length: length) { packet.writeBuffer(&slice) }
            context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: client, data: packet)), promise: nil)
        }
        context.flush()
    }

    /// One GSO write for the whole window: the DATA packets back to back, each `4 + blockSize`
    /// bytes but the last (the file's short final block may end the window), which is exactly how
    /// the kernel cuts a `UDP_SEGMENT` write:
    ///
    ///     | 0 3 | block n | blksize bytes | 0 3 | block n+1 | blksize bytes | ... | 0 3 | last | <= blksize |
    ///
    /// A refused write (a segment larger than the path MTU allows: EINVAL; no GSO: EIO) turns
    /// segmentation off and sends the same window again as single datagrams.
    private func writeSegmented(first: UInt64, count: Int, bytes: ByteBuffer, context: ChannelHandlerContext) {
        let blockSize = transfer.negotiation.blockSize
        var bytes = bytes
        var packet = context.channel.allocator.buffer(capacity: count * (4 + blockSize))
        for index in 0 ..< count {
            let length = min(blockSize, bytes.readableBytes)
            packet.writeInteger(TFTPOpcode.data.rawValue)
            packet.writeInteger(UInt16(truncatingIfNeeded: first + UInt64(index)))
            if var slice = bytes.readSlice(length: length) { packet.writeBuffer(&slice) }
        }
        let metadata = AddressedEnvelope<ByteBuffer>.Metadata(ecnState: .transportNotCapable, packetInfo: nil,
                                                               segmentSize: 4 + blockSize)
        let promise = context.eventLoop.makePromise(of: Void.self)
        let expected = generation
        promise.futureResult.assumeIsolated().whenFailure { error in
            guard self.segmentation else { return }
            self.segmentation = false
            self.logger.debug("tftp: segmented send refused, sending single datagrams", metadata: ["error": "\(error)"])
            guard !self.finished, expected == self.generation else { return }
            self.sendBlocks(first: first, count: count, context: context)
        }
        context.writeAndFlush(wrapOutboundOut(AddressedEnvelope(remoteAddress: client, data: packet, metadata: metadata)),
                              promise: promise)
    }

    private func armTimer(context: ChannelHandlerContext) {
        deadline = context.eventLoop.now + .seconds(Int64(transfer.negotiation.timeoutSeconds))
        if timer == nil { schedule(at: deadline, context: context) }
    }

    private func schedule(at when: NIODeadline, context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: when) {
            self.timer = nil
            guard !self.finished else { return }
            if self.deadline > context.eventLoop.now {
                self.schedule(at: self.deadline, context: context)  // a packet went out meanwhile
            } else {
                self.perform(self.transfer.timeout(), context: context)
            }
        }
    }

    private func finish(_ outcome: TFTPTransferOutcome, context: ChannelHandlerContext, close: Bool) {
        guard !finished else { return }
        finished = true
        timer?.cancel()
        timer = nil
        lifetimeTimer?.cancel()
        lifetimeTimer = nil
        if case .timedOut = outcome {
            write(.error(code: .notDefined, message: "timed out"), to: client, context: context)
            context.flush()
        }
        let bytes: UInt64 = switch outcome {
        case .completed(let bytes), .timedOut(let bytes): bytes
        default: transfer.bytesAcknowledged
        }
        report(TFTPTransferReport(client: client, fileName: fileName, bytes: bytes, outcome: outcome))
        if close { context.close(promise: nil) }
    }

    private func write(_ packet: TFTPPacket, to address: SocketAddress, context: ChannelHandlerContext) {
        let buffer = packet.encoded(allocator: context.channel.allocator)
        context.write(wrapOutboundOut(AddressedEnvelope(remoteAddress: address, data: buffer)), promise: nil)
    }
}

@available(*, unavailable)
extension TFTPTransferHandler: Sendable {}

import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing
@testable import TFTP

/// Windows sent as one UDP GSO write (`UDP_SEGMENT`): the bytes the kernel will cut, the segment
/// size it cuts at, and the fall-back to single datagrams when a GSO write is refused. The real
/// kernel path runs in TFTPRealClientTests (atftp with windowsize against the real server).
@Suite struct TFTPSegmentationTests {
    let client = try! SocketAddress(ipAddress: "10.0.0.7", port: 2070)
    let reports = NIOLockedValueBox<[TFTPTransferReport]>([])

    /// Fails every write that asks for segmentation, as the kernel does (EINVAL) when a segment
    /// exceeds the path MTU; lets the others through.
    final class RefuseSegmentedWrites: ChannelOutboundHandler {
        typealias OutboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>
        let refused = NIOLockedValueBox(0)
        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if unwrapOutboundIn(data).metadata?.segmentSize != nil {
                refused.withLockedValue { $0 += 1 }
                promise?.fail(IOError(errnoCode: 22, reason: "sendmsg"))
                return
            }
            context.write(data, promise: promise)
        }
    }

    private func channel(size: Int, blksize: Int, window: Int, refuse: RefuseSegmentedWrites? = nil) throws -> (EmbeddedChannel, [UInt8]) {
        let content = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let options = [TFTPOption("blksize", "\(blksize)"), TFTPOption("windowsize", "\(window)")]
        let negotiation = TFTPNegotiation(options: options, fileSize: UInt64(size), limits: TFTPLimits())
        let transfer = TFTPTransfer(negotiation: negotiation, fileSize: UInt64(size), maxRetries: 1)
        let read: TFTPTransferHandler.BlockReader = { offset, length, loop in
            let start = Int(offset), end = min(start + length, content.count)
            return loop.makeSucceededFuture(ByteBuffer(bytes: content[start ..< end]))
        }
        let reports = self.reports
        let handler = TFTPTransferHandler(transfer: transfer, client: client, fileName: "f", readBlocks: read,
                                          report: { r in reports.withLockedValue { $0.append(r) } },
                                          logger: Logger(label: "test"), segmentation: true)
        let channel = EmbeddedChannel()
        if let refuse { try channel.pipeline.syncOperations.addHandler(refuse) }
        try channel.pipeline.syncOperations.addHandler(handler)
        return (channel, content)
    }

    private func out(_ channel: EmbeddedChannel) throws -> AddressedEnvelope<ByteBuffer>? {
        try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self)
    }

    /// The DATA packets the window should hold, back to back.
    private func packets(_ content: [UInt8], blocks: ClosedRange<Int>, blksize: Int) -> [UInt8] {
        blocks.flatMap { n -> [UInt8] in
            let start = min((n - 1) * blksize, content.count), end = min(start + blksize, content.count)
            return [0, 3, UInt8(n >> 8), UInt8(n & 0xff)] + content[start ..< end]
        }
    }

    @Test func aWindowGoesOutAsOneWriteCutAtHeaderPlusBlockSize() throws {
        let (channel, content) = try channel(size: 1000, blksize: 300, window: 3)
        channel.pipeline.fireChannelActive()
        _ = try out(channel)  // OACK
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: TFTPPacket.ack(block: 0).encoded()))
        let first = try #require(try out(channel))
        #expect(first.metadata?.segmentSize == 304)
        #expect(Array(first.data.readableBytesView) == packets(content, blocks: 1 ... 3, blksize: 300))
        #expect(try out(channel) == nil)
        // The last window: block 4 holds the short rest of the file. One block alone is a plain datagram.
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: TFTPPacket.ack(block: 3).encoded()))
        let last = try #require(try out(channel))
        #expect(last.metadata?.segmentSize == nil)
        #expect(Array(last.data.readableBytesView) == packets(content, blocks: 4 ... 4, blksize: 300))
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: TFTPPacket.ack(block: 4).encoded()))
        #expect(reports.withLockedValue { $0.map(\.outcome) } == [.completed(bytes: 1000)])
    }

    @Test func aRefusedSegmentedWriteResendsTheWindowAsSingleDatagrams() throws {
        let refuse = RefuseSegmentedWrites()
        let (channel, content) = try channel(size: 2000, blksize: 500, window: 2, refuse: refuse)
        channel.pipeline.fireChannelActive()
        _ = try out(channel)  // OACK
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: TFTPPacket.ack(block: 0).encoded()))
        #expect(refuse.refused.withLockedValue { $0 } == 1)
        for n in 1 ... 2 {
            let packet = try #require(try out(channel))
            #expect(packet.metadata?.segmentSize == nil)
            #expect(Array(packet.data.readableBytesView) == packets(content, blocks: n ... n, blksize: 500))
        }
        #expect(try out(channel) == nil)
        // Segmentation stays off for the rest of the transfer.
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: TFTPPacket.ack(block: 2).encoded()))
        #expect(refuse.refused.withLockedValue { $0 } == 1)
        #expect(try #require(try out(channel)).metadata?.segmentSize == nil)
    }
}

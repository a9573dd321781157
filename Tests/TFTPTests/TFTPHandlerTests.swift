import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing
@testable import TFTP

/// The two NIO handlers in an EmbeddedChannel: bytes in, bytes out, no sockets.
@Suite struct TFTPHandlerTests {
    let client = try! SocketAddress(ipAddress: "10.0.0.7", port: 2070)
    let tree = TemporaryTree()
    let reports = NIOLockedValueBox<[TFTPTransferReport]>([])

    private func envelope(_ packet: TFTPPacket, from address: SocketAddress? = nil) -> AddressedEnvelope<ByteBuffer> {
        AddressedEnvelope(remoteAddress: address ?? client, data: packet.encoded())
    }

    private func readPacket(_ channel: EmbeddedChannel) throws -> (SocketAddress, TFTPPacket?)? {
        guard let out = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) else { return nil }
        return (out.remoteAddress, TFTPPacket(decoding: out.data))
    }

    private func listener(started: @escaping (TFTPListenerHandler.Accepted) -> Void) throws -> EmbeddedChannel {
        let reports = self.reports
        let handler = TFTPListenerHandler(root: try TFTPRoot(path: tree.path), limits: TFTPLimits(),
                                          startTransfer: started, report: { r in reports.withLockedValue { $0.append(r) } },
                                          logger: Logger(label: "test"))
        return EmbeddedChannel(handler: handler)
    }

    @Test func aReadRequestForAMissingFileGetsErrorOne() throws {
        let channel = try listener { _ in Issue.record("no transfer expected") }
        try channel.writeInbound(envelope(.readRequest(TFTPRequest(fileName: "nope.efi", mode: "octet"))))
        let (to, packet) = try #require(try readPacket(channel))
        #expect(to == client && packet == .error(code: .fileNotFound, message: "file not found"))
        #expect(reports.withLockedValue { $0.map(\.outcome) } == [.refused(code: .fileNotFound, message: "file not found")])
        #expect(try channel.finish().isClean)
    }

    @Test func writeRequestsAndEscapesAreAccessViolations() throws {
        try tree.write("ok", bytes: [1])
        let channel = try listener { _ in Issue.record("no transfer expected") }
        try channel.writeInbound(envelope(.writeRequest(TFTPRequest(fileName: "ok", mode: "octet"))))
        #expect(try readPacket(channel)?.1 == .error(code: .accessViolation, message: "read-only server"))
        try channel.writeInbound(envelope(.readRequest(TFTPRequest(fileName: "../etc/passwd", mode: "octet"))))
        #expect(try readPacket(channel)?.1 == .error(code: .accessViolation, message: "access violation"))
        try channel.writeInbound(envelope(.readRequest(TFTPRequest(fileName: "ok", mode: "mail"))))
        #expect(try readPacket(channel)?.1 == .error(code: .illegalOperation, message: "only octet and netascii modes"))
        #expect(try channel.finish().isClean)
    }

    @Test func garbageAndStrayPacketsAreDroppedAndTheListenerKeepsServing() throws {
        try tree.write("ok", bytes: [1, 2])
        let accepted = NIOLockedValueBox<[String]>([])
        let channel = try listener { a in accepted.withLockedValue { $0.append(a.fileName) } }
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: ByteBuffer(bytes: [0, 99, 1])))
        try channel.writeInbound(envelope(.ack(block: 1)))
        #expect(try readPacket(channel) == nil)
        try channel.writeInbound(envelope(.readRequest(TFTPRequest(fileName: "ok", mode: "netascii"))))
        #expect(accepted.withLockedValue { $0 } == ["ok"])
        #expect(try channel.finish().isClean)
    }

    private func transferChannel(size: Int, options: [TFTPOption] = []) -> (EmbeddedChannel, [UInt8]) {
        let content = (0 ..< size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let negotiation = TFTPNegotiation(options: options, fileSize: UInt64(size), limits: TFTPLimits())
        let transfer = TFTPTransfer(negotiation: negotiation, fileSize: UInt64(size), maxRetries: 1)
        // In memory instead of a file: the real reader is exercised by the real-client tests.
        let read: TFTPTransferHandler.BlockReader = { offset, length, loop in
            let start = Int(offset), end = min(start + length, content.count)
            return loop.makeSucceededFuture(ByteBuffer(bytes: content[start ..< end]))
        }
        let reports = self.reports
        let handler = TFTPTransferHandler(transfer: transfer, client: client, fileName: "f", readBlocks: read,
                                          report: { r in reports.withLockedValue { $0.append(r) } },
                                          logger: Logger(label: "test"))
        return (EmbeddedChannel(handler: handler), content)
    }

    @Test func aWindowedTransferSendsDataAndReportsCompletion() throws {
        let (channel, content) = transferChannel(size: 1000, options: [TFTPOption("blksize", "300"), TFTPOption("windowsize", "2")])
        channel.pipeline.fireChannelActive()
        #expect(try readPacket(channel)?.1 == .optionAck([TFTPOption("blksize", "300"), TFTPOption("windowsize", "2")]))
        try channel.writeInbound(envelope(.ack(block: 0)))
        #expect(try readPacket(channel)?.1 == .data(block: 1, payload: Array(content[0 ..< 300])))
        #expect(try readPacket(channel)?.1 == .data(block: 2, payload: Array(content[300 ..< 600])))
        #expect(try readPacket(channel) == nil)
        try channel.writeInbound(envelope(.ack(block: 2)))
        #expect(try readPacket(channel)?.1 == .data(block: 3, payload: Array(content[600 ..< 900])))
        #expect(try readPacket(channel)?.1 == .data(block: 4, payload: Array(content[900 ..< 1000])))
        try channel.writeInbound(envelope(.ack(block: 4)))
        #expect(reports.withLockedValue { $0 } == [TFTPTransferReport(client: client, fileName: "f", bytes: 1000,
                                                                       outcome: .completed(bytes: 1000))])
        #expect(!channel.isActive)
    }

    @Test func aStrangerGetsUnknownTransferIDAndTheTransferGoesOn() throws {
        let (channel, content) = transferChannel(size: 10)
        channel.pipeline.fireChannelActive()
        #expect(try readPacket(channel)?.1 == .data(block: 1, payload: content))
        let stranger = try SocketAddress(ipAddress: "10.0.0.7", port: 9999)
        try channel.writeInbound(envelope(.ack(block: 1), from: stranger))
        let (to, packet) = try #require(try readPacket(channel))
        #expect(to == stranger && packet == .error(code: .unknownTransferID, message: "unknown transfer id"))
        #expect(reports.withLockedValue { $0.isEmpty })
        try channel.writeInbound(envelope(.ack(block: 1)))
        #expect(reports.withLockedValue { $0.map(\.outcome) } == [.completed(bytes: 10)])
    }

    @Test func silenceRetransmitsThenTimesOutWithAnErrorPacket() throws {
        let (channel, content) = transferChannel(size: 10)
        channel.pipeline.fireChannelActive()
        #expect(try readPacket(channel)?.1 == .data(block: 1, payload: content))
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(try readPacket(channel)?.1 == .data(block: 1, payload: content))
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(try readPacket(channel)?.1 == .error(code: .notDefined, message: "timed out"))
        #expect(reports.withLockedValue { $0.map(\.outcome) } == [.timedOut(bytes: 0)])
    }
}

import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing
@testable import TFTP

/// The transfer budget (pure) and how the handlers apply it: ERROR packets over a cap, the
/// lifetime cap ending a transfer that a slow client keeps alive.
@Suite struct TFTPLimitsTests {
    @Test func theBudgetCapsTransfersInTotalPerClientAndInMemory() {
        var budget = TFTPBudget(limits: TFTPLimits(maxTransfers: 3, maxTransfersPerClient: 2, maxReadAheadBytes: 1 << 20))
        let unit = TFTPTransferHandler.readAheadBytes
        func admit(client: String, readAhead: Int) -> (refusal: TFTPBudget.Refusal, log: Bool)? {
            budget.admit(client: client, readAhead: readAhead)
        }
        #expect(admit(client: "a", readAhead: unit) == nil)
        #expect(admit(client: "a", readAhead: unit) == nil)
        #expect(admit(client: "a", readAhead: unit)?.refusal == .tooManyFromClient)
        #expect(admit(client: "b", readAhead: unit) == nil)
        #expect(admit(client: "c", readAhead: unit)?.refusal == .tooManyTransfers)
        budget.release(client: "a", readAhead: unit)
        #expect(admit(client: "c", readAhead: 1 << 20)?.refusal == .memory, "a window larger than what is left")
        #expect(admit(client: "c", readAhead: unit) == nil)
        #expect(budget.transfers == 3 && budget.readAheadBytes == 3 * unit)
    }

    @Test func refusalsAreLoggedOncePerClientPerMinute() {
        var budget = TFTPBudget(limits: TFTPLimits(maxTransfers: 1, maxTransfersPerClient: 1))
        func admit(client: String, readAhead: Int) -> (refusal: TFTPBudget.Refusal, log: Bool)? {
            budget.admit(client: client, readAhead: readAhead)
        }
        #expect(admit(client: "a", readAhead: 1) == nil)
        #expect(admit(client: "a", readAhead: 1)?.log == true)
        #expect(admit(client: "a", readAhead: 1)?.log == false)
        #expect(admit(client: "b", readAhead: 1)?.log == true)
    }

    @Test func aReadAheadIsTheWindowAtLeastTheReadUnit() {
        let small = TFTPNegotiation(options: [], fileSize: 10, limits: TFTPLimits())
        #expect(TFTPBudget.readAhead(of: small) == TFTPTransferHandler.readAheadBytes)
        let big = TFTPNegotiation(options: [TFTPOption("blksize", "65464"), TFTPOption("windowsize", "64")], fileSize: 10,
                                  limits: TFTPLimits())
        #expect(TFTPBudget.readAhead(of: big) == 64 * 65464)
    }

    @Test func overTheCapTheListenerAnswersAnErrorPacket() throws {
        let tree = TemporaryTree()
        try tree.write("boot.efi", bytes: [1, 2, 3])
        let client = try SocketAddress(ipAddress: "10.0.0.7", port: 2070)
        let started = NIOLockedValueBox(0)
        let handler = TFTPListenerHandler(root: try TFTPRoot(path: tree.path), limits: TFTPLimits(),
                                          admit: { address, _ in address == "10.0.0.7" ? (.tooManyFromClient, true) : nil },
                                          startTransfer: { _ in started.withLockedValue { $0 += 1 } }, report: { _ in },
                                          logger: Logger(label: "test"))
        let channel = EmbeddedChannel(handler: handler)
        let request = TFTPPacket.readRequest(TFTPRequest(fileName: "boot.efi", mode: "octet"))
        try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: request.encoded()))
        let out = try #require(try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self))
        #expect(out.remoteAddress == client)
        #expect(TFTPPacket(decoding: out.data) == .error(code: .notDefined, message: TFTPBudget.Refusal.tooManyFromClient.message))
        let other = try SocketAddress(ipAddress: "10.0.0.8", port: 2070)
        try channel.writeInbound(AddressedEnvelope(remoteAddress: other, data: request.encoded()))
        #expect(started.withLockedValue { $0 } == 1, "another client is served")
        #expect(try channel.finish().isClean)
    }

    @Test func aTransferThatOutlivesItsLifetimeEndsWithAnError() throws {
        let client = try SocketAddress(ipAddress: "10.0.0.7", port: 2070)
        let size = 512 * 100
        let negotiation = TFTPNegotiation(options: [], fileSize: UInt64(size), limits: TFTPLimits())
        let transfer = TFTPTransfer(negotiation: negotiation, fileSize: UInt64(size), maxRetries: 5)
        let read: TFTPTransferHandler.BlockReader = { offset, length, loop in
            loop.makeSucceededFuture(ByteBuffer(repeating: 7, count: min(length, size - Int(offset))))
        }
        let outcomes = NIOLockedValueBox<[TFTPTransferOutcome]>([])
        let handler = TFTPTransferHandler(transfer: transfer, client: client, fileName: "f", readBlocks: read,
                                          report: { r in outcomes.withLockedValue { $0.append(r.outcome) } },
                                          logger: Logger(label: "test"), maxLifetime: .seconds(10))
        let channel = EmbeddedChannel(handler: handler)
        channel.pipeline.fireChannelActive()
        // The client ACKs each block just before the 2 s timeout: never a timeout, but slow.
        for block in 1...5 {
            while let out = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) { _ = out }
            channel.embeddedEventLoop.advanceTime(by: .milliseconds(1900))
            try channel.writeInbound(AddressedEnvelope(remoteAddress: client, data: TFTPPacket.ack(block: UInt16(block)).encoded()))
        }
        #expect(outcomes.withLockedValue { $0 }.isEmpty, "still running at 9.5 s")
        while let out = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) { _ = out }
        channel.embeddedEventLoop.advanceTime(by: .milliseconds(600))
        var last: TFTPPacket?
        while let out = try channel.readOutbound(as: AddressedEnvelope<ByteBuffer>.self) { last = TFTPPacket(decoding: out.data) }
        #expect(last == .error(code: .notDefined, message: "transfer took too long"))
        #expect(outcomes.withLockedValue { $0 } == [.failed(message: "transfer lifetime limit reached")])
        #expect(!channel.isActive)
    }
}

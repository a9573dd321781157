import Testing
@testable import TFTP

@Suite struct TFTPTransferTests {
    private func transfer(size: UInt64, blockSize: Int = 512, window: Int = 1, options: Bool = false,
                          retries: Int = 2) -> TFTPTransfer {
        var asked: [TFTPOption] = []
        if options || blockSize != 512 { asked.append(TFTPOption("blksize", String(blockSize))) }
        if window != 1 { asked.append(TFTPOption("windowsize", String(window))) }
        let n = TFTPNegotiation(options: asked, fileSize: size, limits: TFTPLimits(maxWindowSize: 64))
        return TFTPTransfer(negotiation: n, fileSize: size, maxRetries: retries)
    }

    @Test func lockStepTransferEndsWithAShortBlock() {
        var t = transfer(size: 1000)
        #expect(t.start() == .sendBlocks(first: 1, count: 1))
        #expect(t.byteRange(ofBlock: 1) == 0 ..< 512)
        #expect(t.receiveAck(1) == .sendBlocks(first: 2, count: 1))
        #expect(t.byteRange(ofBlock: 2) == 512 ..< 1000)
        #expect(t.receiveAck(2) == .finish(.completed(bytes: 1000)))
        #expect(t.receiveAck(2) == .none)
    }

    @Test func aFileOfWholeBlocksEndsWithAnEmptyBlock() {
        var t = transfer(size: 1024)
        #expect(t.blockCount == 3)
        _ = t.start()
        _ = t.receiveAck(1)
        #expect(t.receiveAck(2) == .sendBlocks(first: 3, count: 1))
        #expect(t.byteRange(ofBlock: 3).isEmpty)
        #expect(t.receiveAck(3) == .finish(.completed(bytes: 1024)))
    }

    @Test func anEmptyFileIsOneEmptyBlock() {
        var t = transfer(size: 0)
        #expect(t.start() == .sendBlocks(first: 1, count: 1))
        #expect(t.receiveAck(1) == .finish(.completed(bytes: 0)))
    }

    @Test func duplicateAndLateAcksAreIgnoredNotAnsweredWithAResend() {
        var t = transfer(size: 5000)
        _ = t.start()
        #expect(t.receiveAck(1) == .sendBlocks(first: 2, count: 1))
        #expect(t.receiveAck(1) == .none)  // duplicate: no Sorcerer's Apprentice resend
        #expect(t.receiveAck(0) == .none)  // late
        #expect(t.receiveAck(9) == .none)  // from the future
        #expect(t.receiveAck(2) == .sendBlocks(first: 3, count: 1))
    }

    @Test func optionsAreAcknowledgedFirstAndDataStartsAfterAckZero() {
        var t = transfer(size: 3000, blockSize: 1468, window: 16)
        #expect(t.start() == .sendOptionAck([TFTPOption("blksize", "1468"), TFTPOption("windowsize", "16")]))
        #expect(t.receiveAck(5) == .none)
        #expect(t.receiveAck(0) == .sendBlocks(first: 1, count: 3))
        #expect(t.receiveAck(3) == .finish(.completed(bytes: 3000)))
    }

    @Test func anAckInsideTheWindowRestartsTheWindowAfterIt() {
        var t = transfer(size: 100 * 512, window: 8)
        _ = t.start()
        #expect(t.receiveAck(0) == .sendBlocks(first: 1, count: 8))
        #expect(t.receiveAck(8) == .sendBlocks(first: 9, count: 8))
        #expect(t.receiveAck(12) == .sendBlocks(first: 13, count: 8))  // 13–16 were lost
        #expect(t.receiveAck(12) == .none)
    }

    @Test func timeoutsResendTheUnacknowledgedWindowThenGiveUp() {
        var t = transfer(size: 4096, window: 4, retries: 2)
        _ = t.start()
        _ = t.receiveAck(0)
        #expect(t.receiveAck(2) == .sendBlocks(first: 3, count: 4))
        #expect(t.timeout() == .sendBlocks(first: 3, count: 4))
        #expect(t.timeout() == .sendBlocks(first: 3, count: 4))
        #expect(t.timeout() == .finish(.timedOut(bytes: 1024)))
        #expect(t.receiveAck(6) == .none)
    }

    @Test func aLostOptionAckIsResentOnTimeout() {
        var t = transfer(size: 10, options: true, retries: 1)
        let oack = t.start()
        #expect(t.timeout() == oack)
        #expect(t.timeout() == .finish(.timedOut(bytes: 0)))
    }

    @Test func blockNumbersRollOverPast65535() {
        // 32 MiB at 512 bytes: 65536 full blocks and an empty 65537th.
        let size: UInt64 = 32 * 1024 * 1024
        var t = transfer(size: size)
        #expect(t.blockCount == 65537)
        var action = t.start()
        var wireBlocks: [UInt16] = []
        while case .sendBlocks(let first, _) = action {
            let wire = UInt16(truncatingIfNeeded: first)
            if first >= 65534 { wireBlocks.append(wire) }
            action = t.receiveAck(wire)
        }
        #expect(wireBlocks == [65534, 65535, 0, 1])
        #expect(action == .finish(.completed(bytes: size)))
    }

    @Test func aClientErrorAbortsTheTransfer() {
        var t = transfer(size: 10)
        _ = t.start()
        #expect(t.receiveError(code: .notDefined, message: "bye") == .finish(.abortedByClient(code: .notDefined, message: "bye")))
        #expect(t.timeout() == .none)
    }
}

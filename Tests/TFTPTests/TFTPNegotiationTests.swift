import Testing
@testable import TFTP

@Suite struct TFTPNegotiationTests {
    let limits = TFTPLimits(maxBlockSize: 65464, maxWindowSize: 64, defaultTimeoutSeconds: 2, maxRetries: 3)

    @Test func noOptionsMeansPlainRFC1350() {
        let n = TFTPNegotiation(options: [], fileSize: 100, limits: limits)
        #expect(n.blockSize == 512 && n.windowSize == 1 && n.timeoutSeconds == 2 && n.acknowledged.isEmpty)
    }

    @Test func acceptedOptionsAreAcknowledgedInTheClientsOrder() {
        let n = TFTPNegotiation(options: [TFTPOption("tsize", "0"), TFTPOption("blksize", "1468"),
                                          TFTPOption("timeout", "5"), TFTPOption("windowsize", "16")],
                                fileSize: 33_554_432, limits: limits)
        #expect(n.acknowledged == [TFTPOption("tsize", "33554432"), TFTPOption("blksize", "1468"),
                                   TFTPOption("timeout", "5"), TFTPOption("windowsize", "16")])
        #expect(n.blockSize == 1468 && n.windowSize == 16 && n.timeoutSeconds == 5)
    }

    @Test func oversizedValuesAreLoweredToTheLimits() {
        let n = TFTPNegotiation(options: [TFTPOption("blksize", "99999"), TFTPOption("windowsize", "1000")],
                                fileSize: 1, limits: limits)
        #expect(n.blockSize == 65464 && n.windowSize == 64)
        #expect(n.acknowledged == [TFTPOption("blksize", "65464"), TFTPOption("windowsize", "64")])
    }

    @Test func invalidAndUnknownOptionsAreLeftOut() {
        let n = TFTPNegotiation(options: [TFTPOption("blksize", "7"), TFTPOption("timeout", "0"),
                                          TFTPOption("timeout", "256"), TFTPOption("windowsize", "x"),
                                          TFTPOption("multicast", "")],
                                fileSize: 1, limits: limits)
        #expect(n.acknowledged.isEmpty && n.blockSize == 512 && n.windowSize == 1)
    }
}

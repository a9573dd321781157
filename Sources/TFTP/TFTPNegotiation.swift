/// The parameters of one transfer after option negotiation (RFC 2347/2348/2349/7440).
public struct TFTPNegotiation: Hashable, Sendable {
    /// Data bytes per DATA packet: 512 unless the client asked for another size (RFC 2348: 8–65464).
    public var blockSize: Int = 512
    /// DATA packets sent before waiting for an ACK (RFC 7440); 1 is plain RFC 1350 lock-step.
    public var windowSize: Int = 1
    /// Seconds to wait for an ACK before retransmitting (RFC 2349: 1–255).
    public var timeoutSeconds: Int
    /// The options to acknowledge in an OACK; empty means no OACK (send DATA 1 at once).
    public var acknowledged: [TFTPOption] = []

    /// Negotiates the client's options against the server's limits. Unknown or out-of-range
    /// options are left out of the OACK, which RFC 2347 allows (the client then uses the default).
    /// - Parameters:
    ///   - options: the options of the read request.
    ///   - fileSize: answered to `tsize` (RFC 2349: the client sends 0, the server the real size).
    ///   - limits: the server's maxima and defaults.
    public init(options: [TFTPOption], fileSize: UInt64, limits: TFTPLimits) {
        timeoutSeconds = limits.defaultTimeoutSeconds
        for option in options {
            switch option.name {
            case "blksize":
                guard let asked = Int(option.value), asked >= 8 else { continue }
                // Values above the limit are lowered, not refused (RFC 2348 section "server").
                blockSize = min(asked, limits.maxBlockSize, 65464)
                acknowledged.append(TFTPOption("blksize", String(blockSize)))
            case "tsize":
                acknowledged.append(TFTPOption("tsize", String(fileSize)))
            case "timeout":
                guard let asked = Int(option.value), (1...255).contains(asked) else { continue }
                timeoutSeconds = asked
                acknowledged.append(TFTPOption("timeout", String(asked)))
            case "windowsize":
                guard let asked = Int(option.value), (1...65535).contains(asked) else { continue }
                windowSize = min(asked, limits.maxWindowSize)
                acknowledged.append(TFTPOption("windowsize", String(windowSize)))
            default:
                continue
            }
        }
    }
}

/// Server-side limits for negotiation, retransmission and the resources transfers may hold.
public struct TFTPLimits: Hashable, Sendable {
    /// Largest block size granted (RFC 2348 caps it at 65464).
    public var maxBlockSize: Int
    /// Largest window granted (RFC 7440 allows 65535; large windows only add loss on real LANs).
    public var maxWindowSize: Int
    /// Seconds before a retransmission when the client did not ask for a timeout.
    public var defaultTimeoutSeconds: Int
    /// Retransmissions of the same window before the transfer is abandoned.
    public var maxRetries: Int
    /// Transfers in flight at once, in total and per client address; more are refused (ERROR).
    public var maxTransfers: Int
    public var maxTransfersPerClient: Int
    /// Bytes all transfers may hold in read-ahead buffers together (each reserves its window).
    public var maxReadAheadBytes: Int
    /// A transfer still running after this many seconds is ended with an ERROR.
    public var maxTransferSeconds: Int

    public init(maxBlockSize: Int = 65464, maxWindowSize: Int = 64, defaultTimeoutSeconds: Int = 2, maxRetries: Int = 5,
                maxTransfers: Int = 256, maxTransfersPerClient: Int = 8, maxReadAheadBytes: Int = 256 << 20,
                maxTransferSeconds: Int = 600) {
        self.maxBlockSize = maxBlockSize
        self.maxWindowSize = maxWindowSize
        self.defaultTimeoutSeconds = defaultTimeoutSeconds
        self.maxRetries = maxRetries
        self.maxTransfers = maxTransfers
        self.maxTransfersPerClient = maxTransfersPerClient
        self.maxReadAheadBytes = maxReadAheadBytes
        self.maxTransferSeconds = maxTransferSeconds
    }
}

/// The sending side of one read transfer as a pure state machine: it takes ACKs, errors and
/// timeouts and answers with what to send. It never touches a socket, a file or a clock.
///
/// Blocks are counted with a 64-bit absolute number (block 1 is the first 512/blksize bytes); only
/// the wire carries the 16-bit number, which rolls over from 65535 to 0 (what curl, tftp-hpa,
/// atftp and iPXE expect). The file has `fileSize / blockSize + 1` blocks: the last one is shorter
/// than the block size, possibly empty, which is how the client knows the transfer ended.
///
/// Duplicate or late ACKs are ignored rather than answered with a resend: answering them is the
/// "Sorcerer's Apprentice" bug (RFC 1123 4.2.3.1) that doubles the traffic with every duplicate.
/// Only a timeout retransmits.
public struct TFTPTransfer: Sendable {
    /// What the handler should do next.
    public enum Action: Hashable, Sendable {
        /// Send the OACK and wait for ACK 0.
        case sendOptionAck([TFTPOption])
        /// Read and send the blocks `first ..< first + count` (absolute numbers), then wait.
        case sendBlocks(first: UInt64, count: Int)
        /// Nothing to do (a duplicate or stray packet).
        case none
        /// The transfer is over; close the channel and report.
        case finish(TFTPTransferOutcome)
    }

    public let negotiation: TFTPNegotiation
    public let fileSize: UInt64
    public let maxRetries: Int
    /// Number of blocks in the file, the last one short.
    public let blockCount: UInt64
    /// Highest block the client acknowledged.
    public private(set) var acknowledged: UInt64 = 0
    /// Highest block sent so far.
    public private(set) var sent: UInt64 = 0
    private var waitingForOptionAck = false
    private var retries = 0
    private var done = false

    public init(negotiation: TFTPNegotiation, fileSize: UInt64, maxRetries: Int) {
        self.negotiation = negotiation
        self.fileSize = fileSize
        self.maxRetries = maxRetries
        blockCount = fileSize / UInt64(negotiation.blockSize) + 1
    }

    /// Bytes acknowledged by the client so far.
    public var bytesAcknowledged: UInt64 {
        min(acknowledged * UInt64(negotiation.blockSize), fileSize)
    }

    /// The first packet(s): the OACK when options were accepted, else the first window.
    public mutating func start() -> Action {
        if !negotiation.acknowledged.isEmpty {
            waitingForOptionAck = true
            return .sendOptionAck(negotiation.acknowledged)
        }
        return nextWindow(from: 1)
    }

    /// An ACK arrived from the client.
    public mutating func receiveAck(_ block: UInt16) -> Action {
        guard !done else { return .none }
        if waitingForOptionAck {
            // The OACK is acknowledged with block 0; anything else is stray.
            guard block == 0 else { return .none }
            waitingForOptionAck = false
            retries = 0
            return nextWindow(from: 1)
        }
        // Map the 16-bit number onto the blocks in flight (acknowledged, sent]; the window is at
        // most 65535 blocks, so the match is unique.
        let delta = UInt64(block &- UInt16(truncatingIfNeeded: acknowledged))
        guard delta >= 1, acknowledged + delta <= sent else { return .none }
        acknowledged += delta
        retries = 0
        if acknowledged == blockCount {
            done = true
            return .finish(.completed(bytes: fileSize))
        }
        // An ACK inside the window means the client lost what followed (RFC 7440 section 4):
        // the next window starts right after it, which also covers the normal end-of-window ACK.
        return nextWindow(from: acknowledged + 1)
    }

    /// The client sent an ERROR packet: the transfer ends.
    public mutating func receiveError(code: TFTPErrorCode, message: String) -> Action {
        guard !done else { return .none }
        done = true
        return .finish(.abortedByClient(code: code, message: message))
    }

    /// No ACK within the timeout: resend the OACK or the unacknowledged window, or give up.
    public mutating func timeout() -> Action {
        guard !done else { return .none }
        retries += 1
        if retries > maxRetries {
            done = true
            return .finish(.timedOut(bytes: bytesAcknowledged))
        }
        if waitingForOptionAck { return .sendOptionAck(negotiation.acknowledged) }
        return nextWindow(from: acknowledged + 1)
    }

    /// Byte range of an absolute block in the file.
    public func byteRange(ofBlock block: UInt64) -> Range<UInt64> {
        let start = min((block - 1) * UInt64(negotiation.blockSize), fileSize)
        return start ..< min(start + UInt64(negotiation.blockSize), fileSize)
    }

    private mutating func nextWindow(from first: UInt64) -> Action {
        let count = Int(min(UInt64(negotiation.windowSize), blockCount - first + 1))
        sent = first + UInt64(count) - 1
        return .sendBlocks(first: first, count: count)
    }
}

/// How a transfer ended, reported through `onTransfer`.
public enum TFTPTransferOutcome: Hashable, Sendable {
    case completed(bytes: UInt64)
    /// The request was refused with this error before any data was sent.
    case refused(code: TFTPErrorCode, message: String)
    case abortedByClient(code: TFTPErrorCode, message: String)
    case timedOut(bytes: UInt64)
    /// A local failure (file read error, socket error).
    case failed(message: String)
}

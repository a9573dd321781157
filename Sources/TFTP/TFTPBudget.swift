import Domain
import Foundation

/// What the transfers in flight hold, against `TFTPLimits`: their number in total and per
/// client address, and the read-ahead memory each reserves (its window: blocks × block size, at
/// least the 128 KiB read unit). Pure bookkeeping; the server keeps it behind its lock.
struct TFTPBudget {
    enum Refusal: Hashable {
        case tooManyTransfers
        case tooManyFromClient
        case memory

        /// The ERROR packet's text (code 0: no code fits "busy", RFC 1350).
        var message: String {
            switch self {
            case .tooManyTransfers: "server busy: too many transfers, try again later"
            case .tooManyFromClient: "too many transfers from this client, try again later"
            case .memory: "server busy: transfer memory exhausted, try again later"
            }
        }
    }

    let limits: TFTPLimits
    private var counts: ConnectionCounts
    private(set) var readAheadBytes = 0
    private var refusals = RefusalLog()

    init(limits: TFTPLimits) {
        self.limits = limits
        counts = ConnectionCounts(maxTotal: limits.maxTransfers, maxPerClient: limits.maxTransfersPerClient)
    }

    /// The read-ahead a transfer with `negotiation` may hold at once.
    static func readAhead(of negotiation: TFTPNegotiation) -> Int {
        max(negotiation.windowSize * negotiation.blockSize, TFTPTransferHandler.readAheadBytes)
    }

    /// Reserves a transfer for `client`; nil when admitted, else why not and whether to log it
    /// (once a minute per client).
    mutating func admit(client: String, readAhead: Int, now: Date = Date()) -> (refusal: Refusal, log: Bool)? {
        guard readAheadBytes + readAhead <= limits.maxReadAheadBytes else {
            return (.memory, refusals.shouldLog(client, now: now))
        }
        switch counts.open(client) {
        case .accepted:
            readAheadBytes += readAhead
            return nil
        case .overTotal:
            return (.tooManyTransfers, refusals.shouldLog(client, now: now))
        case .overClient:
            return (.tooManyFromClient, refusals.shouldLog(client, now: now))
        }
    }

    /// Gives back what `admit` reserved.
    mutating func release(client: String, readAhead: Int) {
        counts.close(client)
        readAheadBytes -= readAhead
    }

    var transfers: Int { counts.total }
}

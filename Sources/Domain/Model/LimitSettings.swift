/// The `limits` settings section: how much of each resource one client, and all clients together,
/// may hold. Every limit answers with the protocol's own refusal (HTTP 429/503 + Retry-After,
/// TFTP ERROR, a Thrift error result) and never affects other clients. docs/security.md lists
/// each one. HTTP limits apply at the next start; TFTP and Thrift limits rebind their listener at
/// once; the others apply at once.
public struct LimitSettings: Codable, Sendable, Hashable {
    /// HTTP connections open at once (all clients); more are answered 503.
    public var httpMaxConnections: Int
    /// HTTP connections open at once from one client address; more are answered 429.
    public var httpMaxConnectionsPerClient: Int
    /// A request's head must arrive within this many seconds of the connection opening or of
    /// the previous response (slow or half-sent requests are closed).
    public var httpHeaderTimeoutSeconds: Int
    /// A connection with no bytes in either direction for this long is closed.
    public var httpIdleTimeoutSeconds: Int
    /// TFTP transfers in flight at once (all clients) and per client address.
    public var tftpMaxTransfers: Int
    public var tftpMaxTransfersPerClient: Int
    /// Memory all TFTP transfers may hold in read-ahead buffers together, in MiB.
    public var tftpMaxReadAheadMiB: Int
    /// A TFTP transfer that has not finished after this many seconds is ended.
    public var tftpMaxTransferSeconds: Int
    /// Thrift connections open at once (all clients) and per client address.
    public var thriftMaxConnections: Int
    public var thriftMaxConnectionsPerClient: Int
    /// Discovered (unregistered) machines kept; the least recently seen are dropped beyond it.
    public var discoveredMax: Int
    /// New discovered machines one source may add per minute.
    public var discoveredPerSourcePerMinute: Int
    /// Events older than this many days are deleted, and beyond `eventsMaxCount` the oldest.
    public var eventsMaxAgeDays: Int
    public var eventsMaxCount: Int
    /// Disk resets (reset-on-boot, `POST /machines/{id}/reset`) of different machines that run at
    /// once; more wait their turn. One machine's resets always run one after the other.
    public var resetsAtOnce: Int

    public init(httpMaxConnections: Int = 1000, httpMaxConnectionsPerClient: Int = 64, httpHeaderTimeoutSeconds: Int = 30,
                httpIdleTimeoutSeconds: Int = 120, tftpMaxTransfers: Int = 256, tftpMaxTransfersPerClient: Int = 8,
                tftpMaxReadAheadMiB: Int = 256, tftpMaxTransferSeconds: Int = 600, thriftMaxConnections: Int = 128,
                thriftMaxConnectionsPerClient: Int = 16, discoveredMax: Int = 1000, discoveredPerSourcePerMinute: Int = 60,
                eventsMaxAgeDays: Int = 180, eventsMaxCount: Int = 200_000, resetsAtOnce: Int = 8) {
        self.httpMaxConnections = httpMaxConnections
        self.httpMaxConnectionsPerClient = httpMaxConnectionsPerClient
        self.httpHeaderTimeoutSeconds = httpHeaderTimeoutSeconds
        self.httpIdleTimeoutSeconds = httpIdleTimeoutSeconds
        self.tftpMaxTransfers = tftpMaxTransfers
        self.tftpMaxTransfersPerClient = tftpMaxTransfersPerClient
        self.tftpMaxReadAheadMiB = tftpMaxReadAheadMiB
        self.tftpMaxTransferSeconds = tftpMaxTransferSeconds
        self.thriftMaxConnections = thriftMaxConnections
        self.thriftMaxConnectionsPerClient = thriftMaxConnectionsPerClient
        self.discoveredMax = discoveredMax
        self.discoveredPerSourcePerMinute = discoveredPerSourcePerMinute
        self.eventsMaxAgeDays = eventsMaxAgeDays
        self.eventsMaxCount = eventsMaxCount
        self.resetsAtOnce = resetsAtOnce
    }

    /// Each limit with the range settings validation accepts (`limits.<name>`).
    public var ranges: [(name: String, value: Int, range: ClosedRange<Int>)] {
        [("httpMaxConnections", httpMaxConnections, 16...100_000),
         ("httpMaxConnectionsPerClient", httpMaxConnectionsPerClient, 4...100_000),
         ("httpHeaderTimeoutSeconds", httpHeaderTimeoutSeconds, 1...600),
         ("httpIdleTimeoutSeconds", httpIdleTimeoutSeconds, 5...3600),
         ("tftpMaxTransfers", tftpMaxTransfers, 1...10_000),
         ("tftpMaxTransfersPerClient", tftpMaxTransfersPerClient, 1...1000),
         ("tftpMaxReadAheadMiB", tftpMaxReadAheadMiB, 1...65_536),
         ("tftpMaxTransferSeconds", tftpMaxTransferSeconds, 10...86_400),
         ("thriftMaxConnections", thriftMaxConnections, 1...10_000),
         ("thriftMaxConnectionsPerClient", thriftMaxConnectionsPerClient, 1...10_000),
         ("discoveredMax", discoveredMax, 1...1_000_000),
         ("discoveredPerSourcePerMinute", discoveredPerSourcePerMinute, 1...100_000),
         ("eventsMaxAgeDays", eventsMaxAgeDays, 1...36_500),
         ("eventsMaxCount", eventsMaxCount, 1000...100_000_000),
         ("resetsAtOnce", resetsAtOnce, 1...256)]
    }
}

extension LimitSettings {
    /// Every field may be missing (documents saved before a limit existed): the default applies.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = LimitSettings()
        func value(_ key: CodingKeys, _ fallback: Int) throws -> Int { try c.decodeIfPresent(Int.self, forKey: key) ?? fallback }
        self.init(httpMaxConnections: try value(.httpMaxConnections, d.httpMaxConnections),
                  httpMaxConnectionsPerClient: try value(.httpMaxConnectionsPerClient, d.httpMaxConnectionsPerClient),
                  httpHeaderTimeoutSeconds: try value(.httpHeaderTimeoutSeconds, d.httpHeaderTimeoutSeconds),
                  httpIdleTimeoutSeconds: try value(.httpIdleTimeoutSeconds, d.httpIdleTimeoutSeconds),
                  tftpMaxTransfers: try value(.tftpMaxTransfers, d.tftpMaxTransfers),
                  tftpMaxTransfersPerClient: try value(.tftpMaxTransfersPerClient, d.tftpMaxTransfersPerClient),
                  tftpMaxReadAheadMiB: try value(.tftpMaxReadAheadMiB, d.tftpMaxReadAheadMiB),
                  tftpMaxTransferSeconds: try value(.tftpMaxTransferSeconds, d.tftpMaxTransferSeconds),
                  thriftMaxConnections: try value(.thriftMaxConnections, d.thriftMaxConnections),
                  thriftMaxConnectionsPerClient: try value(.thriftMaxConnectionsPerClient, d.thriftMaxConnectionsPerClient),
                  discoveredMax: try value(.discoveredMax, d.discoveredMax),
                  discoveredPerSourcePerMinute: try value(.discoveredPerSourcePerMinute, d.discoveredPerSourcePerMinute),
                  eventsMaxAgeDays: try value(.eventsMaxAgeDays, d.eventsMaxAgeDays),
                  eventsMaxCount: try value(.eventsMaxCount, d.eventsMaxCount),
                  resetsAtOnce: try value(.resetsAtOnce, d.resetsAtOnce))
    }
}

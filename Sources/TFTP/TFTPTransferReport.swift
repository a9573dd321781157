import NIOCore

/// What `onTransfer` receives when a transfer ends (or a request is refused): the app records the
/// `tftp` boot phase of the machine at `client` from it.
public struct TFTPTransferReport: Sendable, Hashable {
    public var client: SocketAddress
    /// The name as the client asked for it.
    public var fileName: String
    /// Bytes the client acknowledged.
    public var bytes: UInt64
    public var outcome: TFTPTransferOutcome

    /// The client's IP address as text (nil for a non-IP socket address).
    public var clientIPAddress: String? { client.ipAddress }

    public init(client: SocketAddress, fileName: String, bytes: UInt64, outcome: TFTPTransferOutcome) {
        self.client = client
        self.fileName = fileName
        self.bytes = bytes
        self.outcome = outcome
    }
}

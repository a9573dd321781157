import Domain

/// What a login negotiated (RFC 7143 §13), with the RFC's defaults until a key says otherwise.
public struct SessionParameters: Sendable, Hashable {
    public var headerDigest = false
    public var dataDigest = false
    /// The largest data segment the initiator accepts: our Data-In / text PDUs stay under it.
    public var initiatorMaxRecvDataSegmentLength = 8192
    public var maxBurstLength = 262_144
    public var firstBurstLength = 65536
    public var initialR2T = true
    public var immediateData = true
    public var maxOutstandingR2T = 1
    public var errorRecoveryLevel = 0

    public init() {}
}

/// The target's own limits, offered in negotiation.
public struct TargetLimits: Sendable, Hashable {
    /// The largest data segment we accept (declared to the initiator).
    public var maxRecvDataSegmentLength = 262_144
    public var maxBurstLength = 1_048_576
    public var firstBurstLength = 262_144
    /// Commands an initiator may have queued ahead of ExpCmdSN.
    public var commandWindow: UInt32 = 128
    /// The largest single SCSI transfer (bytes) a command may ask for.
    public var maxTransferBytes = 8 * 1_048_576

    public init() {}
}

/// A target as the login sees it: who may log in and with which secrets.
public struct TargetAccess: Sendable, Hashable {
    public var iqn: String
    public var initiators: [String]
    public var chap: CHAPCredentials?
    /// The target's own name and secret for mutual CHAP.
    public var mutualChap: CHAPCredentials?

    public init(iqn: String, initiators: [String], chap: CHAPCredentials? = nil, mutualChap: CHAPCredentials? = nil) {
        self.iqn = iqn
        self.initiators = initiators
        self.chap = chap
        self.mutualChap = mutualChap
    }
}

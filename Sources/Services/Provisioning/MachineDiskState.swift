import Domain

/// What a machine's iSCSI disks look like on the storage now (`disk` in the machines list).
public struct MachineDiskState: Codable, Sendable, Hashable {
    public enum State: String, Codable, Sendable, CaseIterable {
        /// Every disk its target exports exists.
        case ok
        /// A disk it should have is not there: an image without version, or a volume the
        /// provisioner could not make (see `reason`). The machine cannot boot from it.
        case missing
        /// Its menu has no iSCSI item: nothing to provide.
        case none
        /// The storage could not be asked.
        case unknown
    }

    public var state: State
    /// Bytes the machine's own disks hold (its clones of the versions, or its overlays on the
    /// built-in target; a super workstation's working copy), when the drivers can tell.
    public var overlaySizeBytes: Int64?
    /// Why it is `missing` or `unknown`.
    public var reason: String?
    /// `image.noVersion` or `disk.missing` for a missing disk.
    public var reasonCode: String?

    public init(state: State, overlaySizeBytes: Int64? = nil, reason: String? = nil, reasonCode: ErrorCode? = nil) {
        self.state = state
        self.overlaySizeBytes = overlaySizeBytes
        self.reason = reason
        self.reasonCode = reasonCode?.rawValue
    }
}

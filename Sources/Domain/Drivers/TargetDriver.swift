public struct CHAPCredentials: Sendable, Hashable, Codable {
    public var username: String
    public var secret: String

    public init(username: String, secret: String) {
        self.username = username
        self.secret = secret
    }
}

/// What one machine's target must look like. Disks are in LUN order: OS disk first, data disks after.
public struct TargetSpec: Sendable, Hashable {
    public struct Disk: Sendable, Hashable {
        /// The volume whose bytes `backing` holds (with `overlay`: the read-only base).
        public var volume: String
        public var backing: VolumeBacking
        public var readOnly: Bool
        /// Set when the driver serves overlays (`TargetDriver.servesOverlays`): `volume` is the
        /// shared, read-only base (an image version) and the machine's writes go to an overlay the
        /// target driver keeps under this name (a machine disk name, `DiskNames.machineDisk`).
        public var overlay: String?

        public init(volume: String, backing: VolumeBacking, readOnly: Bool = false, overlay: String? = nil) {
            self.volume = volume
            self.backing = backing
            self.readOnly = readOnly
            self.overlay = overlay
        }
    }

    public var iqn: String
    /// The only initiator allowed in.
    public var initiatorIQN: String
    public var disks: [Disk]
    public var chap: CHAPCredentials?
    public var portalAddress: IPv4Address
    public var portalPort: Int

    public init(iqn: String, initiatorIQN: String, disks: [Disk], chap: CHAPCredentials? = nil,
                portalAddress: IPv4Address, portalPort: Int = DefaultPorts.iscsi) {
        self.iqn = iqn
        self.initiatorIQN = initiatorIQN
        self.disks = disks
        self.chap = chap
        self.portalAddress = portalAddress
        self.portalPort = portalPort
    }
}

/// A target as the driver sees it on the host.
public struct TargetState: Sendable, Hashable, Codable {
    public struct LUN: Sendable, Hashable, Codable {
        public var number: Int
        public var path: String

        public init(number: Int, path: String) {
            self.number = number
            self.path = path
        }
    }

    public struct Session: Sendable, Hashable, Codable {
        public var initiator: String
        public var address: String?

        public init(initiator: String, address: String? = nil) {
            self.initiator = initiator
            self.address = address
        }
    }

    public var iqn: String
    public var luns: [LUN]
    public var initiators: [String]
    public var chap: Bool
    public var sessions: [Session]
    /// Bytes its LUNs' overlays hold (the built-in target); nil where the driver has none.
    public var overlayBytes: Int64?

    public init(iqn: String, luns: [LUN] = [], initiators: [String] = [], chap: Bool = false, sessions: [Session] = [],
                overlayBytes: Int64? = nil) {
        self.iqn = iqn
        self.luns = luns
        self.initiators = initiators
        self.chap = chap
        self.sessions = sessions
        self.overlayBytes = overlayBytes
    }
}

public enum DriverAvailability: Sendable, Hashable {
    case available
    case unavailable(reason: String)
}

/// Exports volumes as iSCSI targets. `applyTarget` converges one target to its spec (creating,
/// adding or removing LUNs, ACLs and CHAP as needed) and is idempotent. A driver never reads the
/// database.
public protocol TargetDriver: Sendable {
    var kind: TargetDriverKind { get }
    /// The LUN number of the first disk: 1 for tgt (LUN 0 is its controller), 0 for LIO.
    var firstLUN: Int { get }

    func availability() async -> DriverAvailability
    /// Targets on the host whose IQN starts with `prefix`.
    func listTargets(prefix: String) async throws -> [TargetState]
    func applyTarget(_ spec: TargetSpec) async throws
    /// Removes a target and its LUNs; a missing one is not an error.
    func removeTarget(iqn: String) async throws
    /// Converges several targets; returns the error of each one that failed, by IQN.
    func applyTargets(_ specs: [TargetSpec]) async -> [String: any Error]
    /// Takes the target down (its sessions end), runs `body` (which replaces the backing files:
    /// an exported file would keep serving its old inode), then exports `spec` again.
    func replaceTarget(_ spec: TargetSpec, around body: @Sendable () async throws -> Void) async throws
    /// Removes what a crash can leave outside every target: tgt CHAP accounts named with `prefix`
    /// bound to no target, LIO backstores of our volumes that no LUN uses. Call it while nothing
    /// is being applied. Returns what it removed.
    func removeLeftovers(prefix: String) async throws -> [String]
    /// Whether machine disks are served as base + overlay (`TargetSpec.Disk.overlay`): then they
    /// are no storage volumes, and a reset is `resetOverlays` instead of a new clone.
    var servesOverlays: Bool { get }
    /// Applies `spec` and drops the overlay of each of its overlay disks (the target's sessions end
    /// first), so the machine sees its base again.
    func resetOverlays(_ spec: TargetSpec) async throws
    /// Whether `spec`'s target may stay exported while its volumes are reset in place
    /// (`StorageDriver.resetVolumeInPlace`): its LUNs read the files with no cache of their own, so
    /// they serve the fresh bytes at once, and the target exists as this driver last applied it.
    /// False: the reset takes the target down around it (`replaceTarget`). Must be cheap (no process).
    func servesInPlaceReset(_ spec: TargetSpec) -> Bool
}

extension TargetDriver {
    /// One `applyTarget` after another.
    public func applyTargets(_ specs: [TargetSpec]) async -> [String: any Error] {
        var errors: [String: any Error] = [:]
        for spec in specs {
            do { try await applyTarget(spec) } catch { errors[spec.iqn] = error }
        }
        return errors
    }

    /// Clones, not overlays.
    public var servesOverlays: Bool { false }

    public func resetOverlays(_ spec: TargetSpec) async throws {
        throw DriverError.invalid("the \(kind.rawValue) target driver keeps no overlays")
    }

    /// Detach around every reset.
    public func servesInPlaceReset(_ spec: TargetSpec) -> Bool { false }

    /// Nothing lives outside a target.
    public func removeLeftovers(prefix: String) async throws -> [String] { [] }

    /// `removeTarget`, `body`, `applyTarget`.
    public func replaceTarget(_ spec: TargetSpec, around body: @Sendable () async throws -> Void) async throws {
        try await removeTarget(iqn: spec.iqn)
        try await body()
        try await applyTarget(spec)
    }
}

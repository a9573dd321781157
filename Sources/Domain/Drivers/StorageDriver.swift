/// Where a volume's bytes are: a block device (LVM) or a regular file (file driver).
public enum VolumeBacking: Sendable, Hashable {
    case blockDevice(path: String)
    case file(path: String)

    public var path: String {
        switch self {
        case .blockDevice(let path), .file(let path): path
        }
    }
}

public struct VolumeInfo: Sendable, Hashable, Codable {
    public var name: String
    public var sizeBytes: Int64
    /// Bytes really used, when the driver can tell (thin data percent, file blocks).
    public var allocatedBytes: Int64?
    public var readOnly: Bool
    /// The volume this one was cloned from, when the driver can tell.
    public var origin: String?
    /// Whether the volume can be opened now. An LVM thin snapshot is inactive after a reboot (LVM's
    /// activation-skip flag) and has no device node until `StorageDriver.activateVolume` runs.
    public var active: Bool

    public init(name: String, sizeBytes: Int64, allocatedBytes: Int64? = nil, readOnly: Bool = false, origin: String? = nil,
                active: Bool = true) {
        self.name = name
        self.sizeBytes = sizeBytes
        self.allocatedBytes = allocatedBytes
        self.readOnly = readOnly
        self.origin = origin
        self.active = active
    }
}

public struct StorageStatus: Sendable, Hashable, Codable {
    public var driver: String
    public var totalBytes: Int64
    public var freeBytes: Int64
    /// Clones are copy-on-write and instant (reflink, thin snapshots); false means full copies.
    public var instantClones: Bool
    /// What the operator should know ("no reflink on ext4: clones are full copies").
    public var notes: [String]

    public init(driver: String, totalBytes: Int64, freeBytes: Int64, instantClones: Bool, notes: [String] = []) {
        self.driver = driver
        self.totalBytes = totalBytes
        self.freeBytes = freeBytes
        self.instantClones = instantClones
        self.notes = notes
    }
}

/// Makes and removes volumes. Names come from `DiskNames` and are validated by the driver again.
/// Every call is idempotent where it can be (removing a missing volume succeeds), so the reconciler
/// can repeat any step after a crash. A driver never reads the database.
public protocol StorageDriver: Sendable {
    var kind: StorageDriverKind { get }

    func status() async throws -> StorageStatus
    /// The volumes this driver holds whose names start with `DiskNames.prefix`.
    func listVolumes() async throws -> [VolumeInfo]
    /// A new zero-filled (sparse/thin) volume; fails with `.alreadyExists` when it exists.
    func createVolume(_ name: String, sizeBytes: Int64) async throws
    /// A copy-on-write clone of `source` named `target` (thin snapshot, reflink). Fails with
    /// `.alreadyExists` when `target` exists.
    func cloneVolume(_ source: String, to target: String, readOnly: Bool) async throws
    /// Replaces `target`'s content with a fresh clone of `source` (reset-on-boot). The volume must
    /// not be attached to a target while this runs unless the driver says it is safe.
    func resetVolume(_ target: String, from source: String) async throws
    /// Replaces `target`'s content with `source`'s inside the same file (no new inode, no new
    /// device), so a target that keeps the volume open serves the fresh bytes with no detach.
    /// Returns false, having changed nothing, when it cannot here (no reflink on this filesystem,
    /// sizes differ, a missing volume): then reset with `resetVolume`, target detached. Throws when
    /// the copy started and failed: the content is then unknown until `resetVolume` replaces it.
    func resetVolumeInPlace(_ target: String, from source: String) async throws -> Bool
    /// Grows a volume; shrinking is refused.
    func resizeVolume(_ name: String, sizeBytes: Int64) async throws
    /// Removes a volume; a missing one is not an error.
    func removeVolume(_ name: String) async throws
    /// Makes an existing volume usable (its device node present) when `listVolumes` reports it
    /// inactive, as LVM thin snapshots are after a reboot; an active one is left as it is.
    func activateVolume(_ name: String) async throws
    /// Where the bytes of `name` are, for target backstores and imports.
    func backing(of name: String) -> VolumeBacking
}

extension StorageDriver {
    /// Volumes that are always usable (files) need nothing.
    public func activateVolume(_ name: String) async throws {}

    /// No in-place reset: `resetVolume` with the target detached.
    public func resetVolumeInPlace(_ target: String, from source: String) async throws -> Bool { false }
}

import struct Foundation.Date

public enum ImageKind: String, Codable, Sendable, CaseIterable { case os, data }

public enum ImageState: String, Codable, Sendable, CaseIterable {
    /// Versions can be booted.
    case ready
    /// A super workstation writes to the working copy; commit or discard ends it.
    case maintenance
    /// Data is being imported; nothing can boot it yet.
    case importing
}

/// One frozen state of an image. Machines boot clones of the current version.
public struct ImageVersion: Codable, Sendable, Hashable {
    public var n: Int
    public var createdAt: Date
    public var note: String

    public init(n: Int, createdAt: Date = Date(), note: String = "") {
        self.n = n
        self.createdAt = createdAt
        self.note = note
    }
}

/// A golden disk: an OS disk or a data disk.
public struct Image: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var name: String
    public var kind: ImageKind
    public var sizeBytes: Int64
    public var description: String
    public var versions: [ImageVersion]
    /// The version machines boot; nil until the first version exists.
    public var currentVersion: Int?
    public var state: ImageState
    /// The super workstation writing the working copy while `state == .maintenance`.
    public var maintenanceMachine: Int64?
    /// The working copy was written (upload, import, a super workstation) since the last commit or
    /// discard: it may differ from the newest version.
    public var workingChanged: Bool
    public var createdAt: Date
    public var updatedAt: Date
    public var revision: Int64

    public init(id: Int64 = 0, name: String, kind: ImageKind = .os, sizeBytes: Int64, description: String = "",
                versions: [ImageVersion] = [], currentVersion: Int? = nil, state: ImageState = .ready,
                maintenanceMachine: Int64? = nil, workingChanged: Bool = false, createdAt: Date = Date(),
                updatedAt: Date = Date(), revision: Int64 = 1) {
        self.id = id
        self.name = name
        self.kind = kind
        self.sizeBytes = sizeBytes
        self.description = description
        self.versions = versions
        self.currentVersion = currentVersion
        self.state = state
        self.maintenanceMachine = maintenanceMachine
        self.workingChanged = workingChanged
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.revision = revision
    }

    public static let gibibyte: Int64 = 1 << 30
    public static let mebibyte: Int64 = 1 << 20
    /// Sizes are whole MiB so every driver (LVM extents, files) can honour them exactly.
    public static let minimumSizeBytes: Int64 = 8 * mebibyte
}

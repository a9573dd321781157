import Domain

/// What one reconcile run changed: names of volumes and target IQNs, and what failed.
public struct ReconcileReport: Codable, Sendable, Hashable {
    public var created: [String] = []
    public var removed: [String] = []
    public var repaired: [String] = []
    public var errors: [String] = []

    public init(created: [String] = [], removed: [String] = [], repaired: [String] = [], errors: [String] = []) {
        self.created = created
        self.removed = removed
        self.repaired = repaired
        self.errors = errors
    }

    /// Nothing to do and nothing failed.
    public var isClean: Bool { created.isEmpty && removed.isEmpty && repaired.isEmpty && errors.isEmpty }
}

/// The targets view of `GET /api/v1/targets`.
public struct TargetsView: Codable, Sendable, Hashable {
    public struct Item: Codable, Sendable, Hashable {
        public struct LUN: Codable, Sendable, Hashable {
            public var lun: Int
            public var backing: String
        }

        public var iqn: String
        /// The machine's name, nil for a target no machine wants (an orphan until reconciled).
        public var machine: String?
        public var luns: [LUN]
        public var initiators: [String]
        public var chap: Bool
        /// Logged-in sessions, where the driver can tell.
        public var sessions: Int
    }

    public var driver: String
    public var available: Bool
    public var reason: String?
    public var items: [Item]
}

/// `GET /api/v1/storage`.
public struct StorageStatusView: Codable, Sendable, Hashable {
    public var driver: String
    public var available: Bool
    public var reason: String?
    public var totalBytes: Int64?
    public var freeBytes: Int64?
    /// Clones are instant copy-on-write (reflink, thin snapshots).
    public var reflink: Bool?
    public var notes: [String]
}

extension ServiceError {
    /// Runs a validator; its `ValidationError` becomes `.validation`.
    static func checking<T>(_ validate: () throws -> T) throws -> T {
        do { return try validate() } catch let error as ValidationError { throw ServiceError.validation(error) }
    }
}

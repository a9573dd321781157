import Domain

/// One thing an operator should fix, as the dashboard shows it (`GET /api/v1/health/alerts`).
public struct HealthAlert: Codable, Sendable, Hashable {
    /// Stable kinds; the console has its own words for each.
    public enum Code: String, Codable, Sendable, CaseIterable {
        /// The iSCSI target driver cannot run here: no machine gets a disk.
        case targetUnavailable = "target.unavailable"
        /// An image has no version: the machines booting it cannot get a disk (`count`).
        case imageNoVersion = "image.noVersion"
        /// Machines whose disks should exist but do not (provisioning failed; `count`, `machines`).
        case diskMissing = "disk.missing"
        /// DHCP mode `off`: this server answers no PXE request.
        case dhcpOff = "dhcp.off"
        /// The storage behind the images has less than 10 % or 5 GiB free.
        case storageLow = "storage.low"
        /// The storage cannot be asked (no volume group, root missing …).
        case storageUnavailable = "storage.unavailable"
    }

    public enum Severity: String, Codable, Sendable, CaseIterable { case error, warning }

    public var code: Code
    public var severity: Severity
    /// English text for logs and as a fallback.
    public var message: String
    /// What it is about (`image/3`), when one thing.
    public var subject: String?
    public var subjectName: String?
    /// How many machines it affects, when it affects machines.
    public var count: Int?
    /// The machines it affects (ids, at most 1000), so the console can select them.
    public var machines: [Int64]?

    public init(code: Code, severity: Severity, message: String, subject: String? = nil, subjectName: String? = nil,
                count: Int? = nil, machines: [Int64]? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.subject = subject
        self.subjectName = subjectName
        self.count = count
        self.machines = machines
    }
}

/// `GET /api/v1/health/alerts`: every alert, errors first.
public struct HealthAlerts: Codable, Sendable, Hashable {
    public var alerts: [HealthAlert]
}

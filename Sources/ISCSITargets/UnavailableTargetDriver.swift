import Domain

/// Stands in when no target driver can run here; every call says why.
public struct UnavailableTargetDriver: TargetDriver {
    public let kind: TargetDriverKind
    /// The first LUN of the driver it stands in for (tgt's 1 when `auto` found neither), so a
    /// boot script rendered meanwhile numbers its disks as the driver will once it runs.
    public var firstLUN: Int { kind == .lio || kind == .builtin ? 0 : 1 }
    public let reason: String

    public init(kind: TargetDriverKind = .auto, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    public func availability() async -> DriverAvailability { .unavailable(reason: reason) }
    public func listTargets(prefix: String) async throws -> [TargetState] { throw DriverError.unavailable(reason) }
    public func applyTarget(_ spec: TargetSpec) async throws { throw DriverError.unavailable(reason) }
    public func removeTarget(iqn: String) async throws { throw DriverError.unavailable(reason) }
}

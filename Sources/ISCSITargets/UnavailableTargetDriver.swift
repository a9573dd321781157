import Domain

/// Stands in when no target driver can run here; every call says why.
public struct UnavailableTargetDriver: TargetDriver {
    public let kind: TargetDriverKind
    public let firstLUN = 0
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

import Domain

/// What happens on disks and targets when records change. MachineService, ImageService and
/// SettingsService call it after their transaction commits; the real implementation (disks +
/// targets + reconciler) lives beside this file. Every method has a no-op default, so an
/// implementation overrides only what it cares about.
///
/// A throwing hook does not undo the committed change (the database is the source of truth):
/// the service records a failure event and the reconciler converges later.
public protocol Provisioner: Sendable {
    func machineCreated(_ machine: Machine) async throws
    /// Many machines committed at once (CSV import): one convergence for the whole batch.
    func machinesCreated(_ machines: [Machine]) async throws
    func machineChanged(old: Machine, new: Machine) async throws
    func machineDeleted(_ machine: Machine) async throws
    func imageCreated(_ image: Image) async throws
    func imageChanged(old: Image, new: Image) async throws
    func imageDeleted(_ image: Image) async throws
    func bootItemChanged(old: BootItem?, new: BootItem?) async throws
    func settingsChanged(old: Settings, new: Settings) async throws
    /// The machine asked for its boot script: reset its disk when its mode is `resetOnBoot`.
    func bootEvent(machine: Machine) async throws
    /// Capacity and clone mode of the storage behind the images; nil when there is none.
    func storageStatus() async throws -> StorageStatus?
    /// Each machine's disks on the storage, by machine id; nil when there is no storage.
    func machineDiskStates() async throws -> [Int64: MachineDiskState]?
    /// Whether the iSCSI target driver can run here; nil when there is none.
    func targetAvailability() async -> DriverAvailability?
}

extension Provisioner {
    public func machineCreated(_ machine: Machine) async throws {}
    /// Calls `machineCreated` for each machine, in order.
    public func machinesCreated(_ machines: [Machine]) async throws {
        for machine in machines { try await machineCreated(machine) }
    }
    public func machineChanged(old: Machine, new: Machine) async throws {}
    public func machineDeleted(_ machine: Machine) async throws {}
    public func imageCreated(_ image: Image) async throws {}
    public func imageChanged(old: Image, new: Image) async throws {}
    public func imageDeleted(_ image: Image) async throws {}
    public func bootItemChanged(old: BootItem?, new: BootItem?) async throws {}
    public func settingsChanged(old: Settings, new: Settings) async throws {}
    public func bootEvent(machine: Machine) async throws {}
    public func storageStatus() async throws -> StorageStatus? { nil }
    public func machineDiskStates() async throws -> [Int64: MachineDiskState]? { nil }
    public func targetAvailability() async -> DriverAvailability? { nil }
}

/// The default: records only, no disks or targets.
public struct NoProvisioner: Provisioner {
    public init() {}
}

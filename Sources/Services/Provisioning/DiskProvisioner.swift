import Domain
import Foundation
import Logging
import Store

/// The real `Provisioner`: turns the database (machines, boot items, images, settings) into
/// volumes on the storage driver and one iSCSI target per machine on the target driver; owns the
/// reconciler, disk resets and the views of what the drivers hold. The image lifecycle (content,
/// versions) is `ImageVersionService`, which runs its driver work through this provisioner's queue.
///
/// Every hook converges through `reconcile`, which compares the database with what the drivers
/// hold and only changes the difference, so every step is idempotent and a crash at any point is
/// repaired by the next run. Driver work runs through `ProvisioningQueue`: reconciles and image
/// work alone, disk resets of different machines side by side (`limits.resetsAtOnce` at most).
public final class DiskProvisioner: Provisioner, Sendable {
    let context: ServiceContext
    public let storage: any StorageDriver
    public let targets: any TargetDriver
    let queue: ProvisioningQueue
    /// Joins callers that want a reconcile while one is still waiting for the queue.
    let pendingReconcile = ReconcileCoalescer()
    /// The duration of the last disk reset (reset-on-boot or manual), for logs and tests.
    private let lastReset = Locked<Duration?>(nil)
    /// The storage's volumes for the disk states, kept until driver work changes them.
    let volumeListing = VolumeListingCache()

    /// Builds the provisioner over the core's database; the container is built after it, with it.
    /// - Parameter resetsAtOnce: disk resets of different machines that may run at once
    ///   (`limits.resetsAtOnce`; later changes arrive through `settingsChanged`).
    public init(core: ServiceCore, storage: any StorageDriver, targets: any TargetDriver,
                resetsAtOnce: Int = LimitSettings().resetsAtOnce) {
        self.context = core.context
        self.storage = storage
        self.targets = targets
        self.queue = ProvisioningQueue(limit: resetsAtOnce)
    }

    /// Driver operations (resets, reconciles, image work) called and waiting for their turn.
    public var operationsWaiting: Int { get async { await queue.waitingCount } }

    /// The most disk resets that ran at once so far.
    public var mostResetsAtOnce: Int { get async { await queue.mostAtOnce } }

    var logger: Logger { context.logger }

    public var lastResetDuration: Duration? { lastReset.withLock { $0 } }
    func setLastReset(_ d: Duration) { lastReset.withLock { $0 = d } }

    /// Everything the plan needs, read in one transaction; with `machineID`, the plan of that
    /// machine alone (a reset needs nothing else, and reading every machine made each reset
    /// cost O(machines)).
    func desired(machineID: Int64? = nil) async throws -> (DesiredState, Settings) {
        let (machines, items, images, settings) = try await context.read { tx in
            let machines = try machineID.map { id in try tx.machine(id: id).map { [$0] } ?? [] } ?? tx.allMachines()
            return (machines, try tx.allBootItems(), try tx.images().items, try tx.settings() ?? Settings())
        }
        return (plan(machines: machines, items: items, images: images, settings: settings), settings)
    }

    /// The plan of what was read (`desired`).
    func plan(machines: [Machine], items: [BootItem], images: [Image], settings: Settings) -> DesiredState {
        DesiredState(machines: machines, bootItems: items, images: images, settings: settings,
                     overlays: targets.servesOverlays, backing: { [storage] in storage.backing(of: $0) })
    }

    // MARK: Provisioner hooks: converge after every committed change.

    public func machineCreated(_ machine: Machine) async throws { try await converge() }
    public func machinesCreated(_ machines: [Machine]) async throws { try await converge() }
    public func machineChanged(old: Machine, new: Machine) async throws {
        try await releasedWorkingCopies(old: old, new: new)
        try await converge()
    }
    public func machineDeleted(_ machine: Machine) async throws {
        try await releasedWorkingCopies(old: machine, new: nil)
        try await converge()
    }
    public func imageCreated(_ image: Image) async throws { try await converge() }
    public func imageChanged(old: Image, new: Image) async throws { try await converge() }
    public func imageDeleted(_ image: Image) async throws { try await converge() }
    public func bootItemChanged(old: BootItem?, new: BootItem?) async throws { try await converge() }
    public func settingsChanged(old: Settings, new: Settings) async throws {
        if old.limits.resetsAtOnce != new.limits.resetsAtOnce { await queue.setLimit(new.limits.resetsAtOnce) }
        // A new target prefix leaves the old targets behind under a prefix the reconciler no
        // longer lists: remove them while the old prefix is known.
        if old.iscsi.targetPrefix != new.iscsi.targetPrefix {
            try await queue.run { [targets] in
                for t in try await targets.listTargets(prefix: old.iscsi.targetPrefix + ":") {
                    try await targets.removeTarget(iqn: t.iqn)
                }
            }
        }
        // The portal is not in what a driver lists back (tgtd's portal is its command line, LIO's
        // np/ is not compared): a new address or port re-applies every target.
        guard old.iscsi.serverAddress == new.iscsi.serverAddress, old.iscsi.portalPort == new.iscsi.portalPort else {
            let report = try await reconcile(onStart: {}, reapplyingAll: true)
            if !report.errors.isEmpty { throw ServiceError.unavailable(report.errors.joined(separator: "; ")) }
            return
        }
        try await converge()
    }

    public func storageStatus() async throws -> StorageStatus? { try await storage.status() }

    /// Reconciles and throws when something could not be done (the service records a failure
    /// event; the next reconcile tries again).
    func converge() async throws {
        let report = try await pendingReconcile.join { [self] started in
            try await reconcile(onStart: started)
        }
        if !report.errors.isEmpty { throw ServiceError.unavailable(report.errors.joined(separator: "; ")) }
    }

    /// Driver failures become `.conflict` with the driver's words: the host's state (missing
    /// volume, file too large, no target) is in the way of the request.
    func driver<T>(_ operation: () async throws -> T) async throws -> T {
        do { return try await operation() } catch let error as DriverError {
            throw ServiceError.conflict(.storageFailed, "storage: \(error)")
        }
    }
}

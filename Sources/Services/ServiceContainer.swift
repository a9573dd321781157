import Domain
import Foundation
import Store

/// Every service, built from one `ServiceCore` (database, config, events, jobs) and one
/// provisioner: the app and tests create everything in one line.
public final class ServiceContainer: Sendable {
    public let store: AppStore
    public let config: ServiceConfig
    public let events: EventService
    public let machines: MachineService
    public let discovery: DiscoveryService
    public let images: ImageService
    public let bootItems: BootItemService
    public let settings: SettingsService
    public let auth: AuthService
    public let jobs: JobService
    public let stats: StatsService
    public let seed: SeedService
    /// Agent answers by machine, for `applyPresence`.
    public let heartbeats = HeartbeatBook()
    /// The running listeners (TFTP, ProxyDHCP, Thrift) a settings update rebinds.
    public let liveSettings = LiveSettings()
    let context: ServiceContext
    /// The boot event's records, written in batches: flush it before the process ends.
    public var bootPhases: BootPhaseLog { machines.bootPhases }

    /// Builds the services over `core`; every committed change calls `provisioner`.
    public init(core: ServiceCore, provisioner: any Provisioner = NoProvisioner()) {
        store = core.store
        config = core.config
        events = core.events
        jobs = core.jobs
        let context = core.context.provisioning(through: provisioner)
        self.context = context
        machines = MachineService(context: context)
        discovery = DiscoveryService(context: context, machines: machines)
        images = ImageService(context: context)
        bootItems = BootItemService(context: context)
        settings = SettingsService(context: context, live: liveSettings)
        auth = AuthService(context: context)
        stats = StatsService(context: context)
        seed = SeedService(context: context)
    }

    /// Builds the services over an open store.
    public convenience init(store: AppStore, config: ServiceConfig, provisioner: any Provisioner = NoProvisioner()) {
        self.init(core: ServiceCore(store: store, config: config), provisioner: provisioner)
    }

    /// Opens `<config.dataDir>/disklessd.sqlite` and builds the services.
    public convenience init(config: ServiceConfig, provisioner: any Provisioner = NoProvisioner()) throws {
        self.init(core: try ServiceCore(config: config), provisioner: provisioner)
    }

    /// A container over a fresh database in a new temporary directory, with cheap password
    /// hashes: for tests.
    public static func temporary(now: @escaping @Sendable () -> Date = { Date() },
                                 provisioner: any Provisioner = NoProvisioner()) throws -> ServiceContainer {
        try ServiceContainer(core: temporaryCore(now: now), provisioner: provisioner)
    }

    /// A core over a fresh database in a new temporary directory (cheap password hashes), for
    /// tests that build a provisioner over it before the container.
    public static func temporaryCore(now: @escaping @Sendable () -> Date = { Date() }) throws -> ServiceCore {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("disklessd-test-\(UUID().uuidString)")
        return try ServiceCore(config: ServiceConfig(dataDir: dir, now: now, passwordCost: .testing))
    }

    /// The provisioner services call after commits.
    public var provisioner: any Provisioner { context.provisioner }

    /// What start-up did.
    public struct StartUpReport: Sendable {
        /// The first-start admin password, to be logged once; nil when users already existed.
        public var adminPassword: String?
        /// Jobs a previous process left running, now marked failed.
        public var interruptedJobs: Int
        /// Events older than the retention, deleted.
        public var prunedEvents: Int
    }

    /// Start-up chores: first-start admin, interrupted jobs, event retention.
    public func startUp() async throws -> StartUpReport {
        let password = try await auth.bootstrap()
        let interrupted = try await jobs.failInterrupted()
        let pruned = try await pruneHistory()
        return StartUpReport(adminPassword: password, interruptedJobs: interrupted, prunedEvents: pruned)
    }

    /// Deletes events and finished jobs older than `limits.eventsMaxAgeDays`, then the oldest
    /// events beyond `limits.eventsMaxCount`; returns how many events went. Run at start-up and
    /// every few minutes (a flood between restarts must not grow the database without bound).
    @discardableResult
    public func pruneHistory() async throws -> Int {
        let limits = try await settings.get().limits
        let cutoff = config.now().addingTimeInterval(-TimeInterval(limits.eventsMaxAgeDays) * 24 * 3600)
        var pruned = try await events.prune(before: cutoff)
        pruned += try await events.prune(keepingNewest: limits.eventsMaxCount)
        try await jobs.prune(before: cutoff)
        return pruned
    }
}

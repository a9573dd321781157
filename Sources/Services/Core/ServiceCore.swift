import Domain
import Foundation
import Store

/// The parts every other part is built on: the open store, the config, the event log and the job
/// runner. The composition root builds the core first, then the disk provisioner over it, then
/// the `ServiceContainer` with that provisioner: each part once, nothing set afterwards.
public final class ServiceCore: Sendable {
    public let store: AppStore
    public let config: ServiceConfig
    public let events: EventService
    public let jobs: JobService
    /// Records only: the provisioner itself reads and writes through it and never provisions.
    let context: ServiceContext

    public init(store: AppStore, config: ServiceConfig) {
        self.store = store
        self.config = config
        events = EventService(store: store, now: config.now, logger: config.logger)
        context = ServiceContext(store: store, config: config, events: events)
        jobs = JobService(context: context)
    }

    /// Opens `<config.dataDir>/disklessd.sqlite`.
    public convenience init(config: ServiceConfig) throws {
        let store: AppStore
        do { store = try AppStore.open(dataDir: config.dataDir) } catch { throw ServiceError.wrap(error) }
        self.init(store: store, config: config)
    }

    /// The stored settings (defaults until first saved): what the drivers are chosen from.
    public func settings() async throws -> Settings {
        let defaults = config.defaultSettings
        return try await context.read { tx in try tx.settings() } ?? defaults
    }
}

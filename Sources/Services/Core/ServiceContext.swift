import Domain
import Foundation
import Logging
import Store
import Telemetry

/// What every service shares: the store, the event log, the clock, the provisioner.
/// Services are small structs around one context. The provisioner is fixed at build time: the
/// core's context has none (records only); the container's context is the core's with the
/// provisioner the composition root built over that core.
final class ServiceContext: Sendable {
    let store: AppStore
    let config: ServiceConfig
    let events: EventService
    let provisioner: any Provisioner
    /// The settings as last decoded (`SettingsCache`), shared by every context over this store.
    let settingsCache: SettingsCache

    init(store: AppStore, config: ServiceConfig, events: EventService, provisioner: any Provisioner = NoProvisioner(),
         settingsCache: SettingsCache = SettingsCache()) {
        self.store = store
        self.config = config
        self.events = events
        self.provisioner = provisioner
        self.settingsCache = settingsCache
    }

    /// The same store, config, event log and settings cache, provisioning through `provisioner`.
    func provisioning(through provisioner: any Provisioner) -> ServiceContext {
        ServiceContext(store: store, config: config, events: events, provisioner: provisioner, settingsCache: settingsCache)
    }

    var now: Date { config.now() }
    var logger: Logger { config.logger }

    /// Runs `body` in a write transaction, mapping errors to `ServiceError`.
    func write<T: Sendable>(_ body: @Sendable (StoreTx) throws -> T) async throws -> T {
        do { return try await store.write(body) } catch { throw ServiceError.wrap(error) }
    }

    /// Runs `body` on a reader, mapping errors to `ServiceError`.
    func read<T: Sendable>(_ body: @Sendable (StoreTx) throws -> T) async throws -> T {
        do { return try await store.read(body) } catch { throw ServiceError.wrap(error) }
    }

    /// Builds an event stamped now.
    func event(_ caller: Caller, _ action: String, _ subject: String, _ outcome: EventOutcome = .success,
               _ detail: String = "") -> Event {
        Event(time: now, actor: caller.name, action: action, subject: subject, outcome: outcome, detail: detail)
    }

    /// Runs a mutation; when it fails because of the input (validation, conflict, revision), logs
    /// a failure event for `action` on `subject` and rethrows.
    func audited<T>(_ caller: Caller, _ action: String, _ subject: String,
                    _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            let e = ServiceError.wrap(error)
            switch e {
            case .validation, .conflict, .preconditionFailed, .forbidden:
                await events.recordQuietly(event(caller, action, subject, .failure, e.description))
            default:
                break
            }
            throw e
        }
    }

    /// Calls a provisioner hook after a commit; a failure becomes a failure event, not an error.
    func provision(_ caller: Caller, _ action: String, _ subject: String,
                   _ body: (any Provisioner) async throws -> Void) async {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await body(provisioner)
            Telemetry.provisioning(action: action, in: clock.now - start, failed: false)
        } catch {
            Telemetry.provisioning(action: action, in: clock.now - start, failed: true)
            logger.warning("provisioning failed", metadata: ["action": "\(action)", "subject": "\(subject)", "error": "\(error)"])
            await events.recordQuietly(event(caller, action, subject, .failure, "provisioning failed: \(error)"))
        }
    }
}

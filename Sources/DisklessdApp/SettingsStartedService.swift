import Domain
import ServiceLifecycle
import Services

/// A server built from the settings as they are when it starts (its limits, for one), so
/// changes to those settings apply at the next start.
struct SettingsStartedService: Service {
    let services: ServiceContainer
    let make: @Sendable (Settings) throws -> any Service

    func run() async throws {
        let settings = (try? await services.settings.get()) ?? Settings()
        try await make(settings).run()
    }
}

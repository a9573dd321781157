import ServiceLifecycle
import Services

/// Writes the boot events still waiting in `BootPhaseLog` when the server stops. First in the
/// service group, so it is shut down last: after the HTTP servers have answered their last
/// boot script.
struct BootPhaseFlush: Service {
    let services: ServiceContainer

    func run() async throws {
        try? await gracefulShutdown()
        await services.bootPhases.flush()
    }
}

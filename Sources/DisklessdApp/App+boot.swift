import BootHTTP
import Domain
import Foundation
import Logging
import ServiceLifecycle
import Services

/// The boot door's parts: the boot service (scripts, previews), its HTTP routes (one rate limiter,
/// whichever port they are registered on) and the export loop that keeps generated files current.
struct BootParts: Sendable {
    let boot: BootService
    let routes: BootRoutes

    /// - Parameters:
    ///   - services: the service container.
    ///   - firstLUN: the target driver's first disk LUN (`TargetDriver.firstLUN`).
    ///   - port: the port the boot endpoints listen on (fallback for the base URL).
    ///   - rateLimit: the per-address limit of the boot endpoints.
    init(services: ServiceContainer, firstLUN: Int, port: Int, rateLimit: BootRateLimit, logger: Logger) {
        boot = BootService(services: services, firstLUN: firstLUN, listenPort: port, logger: logger)
        let dataDir = services.config.dataDir
        let assets = AssetServer(config: {
            let http = (try? await services.settings.get())?.http ?? HTTPSettings()
            let root = http.rootPath.isEmpty ? (dataDir as NSString).appendingPathComponent("http") : http.rootPath
            return (root, http.directoryListing)
        })
        routes = BootRoutes(boot: boot, assets: assets, limiter: rateLimit.makeLimiter(), logger: logger)
    }
}

/// Runs `ExportService.run()` as a ServiceLifecycle service; ends at graceful shutdown.
struct ExportLoop: Service {
    let export: ExportService

    func run() async throws {
        try await cancelWhenGracefulShutdown { await export.run() }
    }
}

/// Runs `ISCSILoginWatcher.run()` as a ServiceLifecycle service: logins the target driver reports
/// become the machines' `iscsiLogin` boot phase.
struct ISCSILoginLoop: Service {
    let watcher: ISCSILoginWatcher

    func run() async throws {
        try await cancelWhenGracefulShutdown { await watcher.run() }
    }
}

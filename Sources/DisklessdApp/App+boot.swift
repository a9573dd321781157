import BootHTTP
import Domain
import Foundation
import Logging
import ServiceLifecycle
import Services

/// The boot door's parts: the boot service (scripts, previews), its HTTP routes and the export
/// loop that keeps generated files current.
struct BootParts: Sendable {
    let boot: BootService
    let routes: BootRoutes

    /// - Parameters:
    ///   - services: the service container.
    ///   - port: the port the boot endpoints listen on (fallback for the base URL).
    ///   - rateLimit: the per-address limit of the boot endpoints.
    init(services: ServiceContainer, port: Int, rateLimit: BootRateLimit = BootRateLimit(), logger: Logger) {
        boot = BootService(services: services, firstLUN: { await BootParts.firstLUN(services) }, listenPort: port,
                           logger: logger)
        let dataDir = services.config.dataDir
        let assets = AssetServer(config: {
            let http = (try? await services.settings.get())?.http ?? HTTPSettings()
            let root = http.rootPath.isEmpty ? (dataDir as NSString).appendingPathComponent("http") : http.rootPath
            return (root, http.directoryListing)
        })
        routes = BootRoutes(boot: boot, assets: assets, limiter: rateLimit.makeLimiter(), logger: logger)
    }

    /// The first disk LUN of the target driver in use: 0 for LIO, 1 for tgt (LUN 0 is its
    /// controller). `auto` picks LIO when configfs has a target directory, as the driver
    /// detection does.
    static func firstLUN(_ services: ServiceContainer) async -> Int {
        let driver = (try? await services.settings.get())?.iscsi.driver ?? .auto
        switch driver {
        case .lio: return 0
        case .tgt: return 1
        case .auto: return FileManager.default.fileExists(atPath: "/sys/kernel/config/target/iscsi") ? 0 : 1
        }
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
/// become the machines' `iscsiLogin` boot phase. The driver is the one the settings select.
struct ISCSILoginLoop: Service {
    let services: ServiceContainer
    let makeDriver: @Sendable (ISCSISettings) async -> any TargetDriver
    let logger: Logger

    func run() async throws {
        let settings = (try? await services.settings.get()) ?? Settings()
        let watcher = ISCSILoginWatcher(services: services, driver: await makeDriver(settings.iscsi), logger: logger)
        try await cancelWhenGracefulShutdown { await watcher.run() }
    }
}

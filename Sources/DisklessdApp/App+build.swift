import API
import BootHTTP
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Services
import UnixSignals

extension App {
    /// Opens (creating when needed) the data directory and database and builds the services.
    public func openServices(passwordCost: PasswordCost = .standard) throws -> ServiceContainer {
        try FileManager.default.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)
        var serviceLogger = logger
        serviceLogger[metadataKey: "module"] = "services"
        let serviceConfig = ServiceConfig(dataDir: config.dataDir, passwordCost: passwordCost, logger: serviceLogger)
        return try ServiceContainer(config: serviceConfig)
    }

    /// Start-up chores, then every server in one `ServiceGroup` until a signal in `signals` (or
    /// cancellation of the calling task).
    /// - Parameter onListening: called with the bound port of the main HTTP server.
    public func run(services: ServiceContainer, signals: [UnixSignal],
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await serviceGroup(services: services, signals: signals, onListening: onListening).run()
    }

    /// Runs the start-up chores and returns every server in one `ServiceGroup`, not yet running.
    /// Tests run it in a task and stop it with `triggerGracefulShutdown()`.
    public func serviceGroup(services: ServiceContainer, signals: [UnixSignal],
                             onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> ServiceGroup {
        try await startUp(services)
        return ServiceGroup(configuration: .init(services: try servers(services, onListening: onListening),
                                                 gracefulShutdownSignals: signals, logger: logger))
    }

    /// First start: the admin password is logged once, at notice level, where the operator sees it.
    func startUp(_ services: ServiceContainer) async throws {
        try await startStorage(services)
        let report = try await services.startUp()
        if let password = report.adminPassword {
            logger.notice("first start: created user admin, password: \(password) (shown only this once; change it with `disklessd user set-password admin`)")
        }
        if report.interruptedJobs > 0 {
            logger.warning("jobs interrupted by the last shutdown were marked failed", metadata: ["count": "\(report.interruptedJobs)"])
        }
    }

    /// Every long-running part of disklessd as a ServiceLifecycle service.
    func servers(_ services: ServiceContainer, onListening: @escaping @Sendable (Int) async -> Void) throws -> [any Service] {
        var servers: [any Service] = [httpServer(services, onListening: onListening)]
        if let bootPort = config.bootOnlyPort { servers.append(bootOnlyServer(services, port: bootPort)) }
        // boot: keeps the seed export and the generated DHCP config in step with the database.
        let bootParts = BootParts(services: services, port: config.port, logger: logger)
        servers.append(ExportLoop(export: ExportService(services: services, boot: bootParts.boot, logger: logger)))
        // boot: iSCSI logins the target driver reports become the `iscsiLogin` boot phase.
        servers.append(ISCSILoginLoop(services: services, makeDriver: { await self.targetDriver($0) }, logger: logger))
        if config.startNetworkServices {
            // net: the built-in TFTP and ProxyDHCP servers (settings.tftp / settings.dhcp).
            servers.append(NetworkBootServers(services: services, boot: bootParts.boot, host: config.host, logger: logger))
            // thrift: append the Preset Thrift server here (settings.thrift).
            servers.append(PowerParts(services: services).thriftServer(logger: logger))
        }
        return servers
    }

    /// The main port: API, console, boot endpoints.
    func httpServer(_ services: ServiceContainer, onListening: @escaping @Sendable (Int) async -> Void) -> any Service {
        let router = APIRouter.build(services: services, webRoot: config.webRoot.map(Self.absolute),
                                     extraGroups: Self.extraRouteGroups(services),
                                     publicRoutes: { [config] in
                                         Self.registerBootRoutes(on: $0, services: services, port: config.port,
                                                                 rateLimit: config.bootRateLimit)
                                         MetricsRoutes(settings: services.settings, exposition: MetricsBackend.exposition)
                                             .register(on: $0)
                                     })
        return Application(router: router,
                           configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil),
                           onServerRunning: { channel in await onListening(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }

    /// The optional second port: only the unauthenticated boot endpoints and `/healthz`.
    func bootOnlyServer(_ services: ServiceContainer, port: Int) -> any Service {
        let router = Router(context: APIContext.self)
        router.add(middleware: ProblemMiddleware())
        HealthRoutes.register(on: router)
        Self.registerBootRoutes(on: router, services: services, port: port, rateLimit: config.bootRateLimit)
        return Application(router: router, configuration: .init(address: .hostname(config.host, port: port), serverName: nil),
                           onServerRunning: { [logger] channel in
                               logger.notice("boot endpoints listening", metadata: ["port": "\(channel.localAddress?.port ?? port)"])
                           },
                           logger: logger)
    }

    /// Authenticated route groups of other modules (images lifecycle, targets, power, previews …).
    static func extraRouteGroups(_ services: ServiceContainer) -> [any RouteGroup] {
        // storage / boot / thrift: one line per route group, e.g. `TargetRoutes(...)`.
        var groups: [any RouteGroup] = [
            BootPreviewRoutes(boot: BootParts(services: services, port: 8050, logger: Logger(label: "disklessd.boot")).boot),
            PowerParts(services: services).routes,
        ]
        // storage: disks, versions, targets, reconcile (when the provisioner is the real one).
        if let storage = services.provisioner as? StorageService {
            groups.append(StorageRoutes(storage: storage, jobs: services.jobs, images: services.images))
        }
        return groups
    }

    /// boot: the unauthenticated boot endpoints (`/boot.ipxe`, `/boot/{mac}.ipxe`, `/assets/...`)
    /// are registered here, on the main port and on the boot-only port.
    static func registerBootRoutes(on router: Router<APIContext>, services: ServiceContainer, port: Int = 8050,
                                   rateLimit: BootRateLimit = BootRateLimit()) {
        BootParts(services: services, port: port, rateLimit: rateLimit, logger: Logger(label: "disklessd.boot"))
            .routes.register(on: router)
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

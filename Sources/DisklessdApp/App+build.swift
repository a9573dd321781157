import API
import BootHTTP
import Domain
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Services
import SystemdSupport
import UnixSignals

extension App {
    /// Opens (creating when needed) the data directory and database and builds the services
    /// over it, with no disk provisioner: for commands that only touch records (`disklessd user`).
    /// `serve` uses `assemble()`.
    public func openServices(passwordCost: PasswordCost = .standard) throws -> ServiceContainer {
        ServiceContainer(core: try openCore(passwordCost: passwordCost))
    }

    /// Creates the data directory when needed and opens the database, the event log and jobs.
    func openCore(passwordCost: PasswordCost) throws -> ServiceCore {
        try FileManager.default.createDirectory(atPath: config.dataDir, withIntermediateDirectories: true)
        var serviceLogger = logger
        serviceLogger[metadataKey: "module"] = "services"
        var services = ServiceConfig(dataDir: config.dataDir, passwordCost: passwordCost, logger: serviceLogger)
        // Until settings are saved, clients are sent to this host's address, not a fixed one.
        services.interfaceAddress = { HostInterfaces.address(of: $0) }
        services.listenPort = config.port
        if let host = HostInterfaces.address(of: services.defaultSettings.dhcp.interface) {
            services.defaultSettings.iscsi.serverAddress = host.address
        }
        return try ServiceCore(config: services)
    }

    /// Start-up chores, then every server in one `ServiceGroup` until a signal in `signals` (or
    /// cancellation of the calling task).
    /// - Parameter onListening: called with the bound port of the main HTTP server.
    public func run(parts: AppParts, signals: [UnixSignal],
                    onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await serviceGroup(parts: parts, signals: signals, onListening: onListening).run()
    }

    /// Runs the start-up chores and returns every server in one `ServiceGroup`, not yet running.
    /// Tests run it in a task and stop it with `triggerGracefulShutdown()`.
    public func serviceGroup(parts: AppParts, signals: [UnixSignal],
                             onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws -> ServiceGroup {
        try await startUp(parts)
        return ServiceGroup(configuration: .init(services: servers(parts, onListening: onListening),
                                                 gracefulShutdownSignals: signals, logger: logger))
    }

    /// Converges the disks once (LIO forgets its targets at reboot; a crash may have left
    /// half-made disks), then the services' chores. First start: the admin password is logged
    /// once, at notice level, where the operator sees it.
    func startUp(_ parts: AppParts) async throws {
        await recoverImagesAtStart(parts.versions)
        await reconcileAtStart(parts.disks)
        let report = try await parts.services.startUp()
        if let password = report.adminPassword {
            logger.notice("first start: created user admin, password: \(password) (shown only this once; change it with `disklessd user set-password admin`)")
        }
        if report.interruptedJobs > 0 {
            logger.warning("jobs interrupted by the last shutdown were marked failed", metadata: ["count": "\(report.interruptedJobs)"])
        }
    }

    /// Every long-running part of disklessd as a ServiceLifecycle service.
    func servers(_ parts: AppParts, onListening: @escaping @Sendable (Int) async -> Void) -> [any Service] {
        let services = parts.services
        // First, so it stops last (ServiceGroup stops in reverse order): boot events recorded
        // by the last requests are written.
        var servers: [any Service] = [BootPhaseFlush(services: services), httpServer(parts, onListening: onListening)]
        // Stops the `disklessd target` child on shutdown (one `serve` started itself).
        if let process = parts.targetProcess { servers.append(BuiltinTargetKeeper(process: process)) }
        // The boot-only port (settings.http.bootPort, else --boot-port), rebound live when it changes.
        servers.append(BootPortServer(services: services, host: config.host, flagPort: config.bootOnlyPort,
                                      start: startBootOnlyServer(parts), logger: logger))
        // Keeps the seed export and the generated DHCP config in step with the database.
        servers.append(ExportLoop(export: ExportService(services: services, boot: parts.boot.boot, logger: logger)))
        // iSCSI logins the target driver reports become the `iscsiLogin` boot phase.
        servers.append(ISCSILoginLoop(watcher: ISCSILoginWatcher(services: services, driver: parts.disks.targets, logger: logger)))
        // Events pruned by age and count while running (settings.limits).
        servers.append(HistoryPruneLoop(services: services, logger: logger))
        let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
        if notifier.socketPath != nil { servers.append(SystemdStoppingNotice(notifier: notifier)) }
        if config.startNetworkServices {
            // The built-in TFTP and ProxyDHCP servers and the Preset Thrift port (settings.tftp,
            // settings.dhcp, settings.thrift), rebound live when those settings change.
            servers.append(NetworkBootServers(services: services, boot: parts.boot.boot, host: config.host,
                                              startThrift: parts.power.startThrift(logger: logger),
                                              proxyDHCPSocket: config.proxyDHCPSocket, logger: logger))
        }
        return servers
    }

    /// The main port: API, console, boot endpoints; connection limits from settings.limits.
    func httpServer(_ parts: AppParts, onListening: @escaping @Sendable (Int) async -> Void) -> any Service {
        SettingsStartedService(services: parts.services) { [config, logger] settings in
            let router = APIRouter.build(services: parts.services, webRoot: config.webRoot.map(Self.absolute),
                                         extraGroups: parts.extraRouteGroups,
                                         publicRoutes: { router in
                                             parts.boot.routes.register(on: router)
                                             MetricsRoutes(settings: parts.services.settings, exposition: MetricsBackend.exposition)
                                                 .register(on: router)
                                         })
            let limits = HTTPServerLimits(settings: settings)
            // Hot boot requests are answered before the router when their answer is in memory.
            let boot = parts.boot.routes
            return Application(router: router, server: limits.server(logger: logger, fastPath: { boot.fastPathHandler(countsRequests: true) }),
                               configuration: .init(address: .hostname(config.host, port: config.port), serverName: nil, backlog: HTTPServerLimits.listenBacklog,
                                                    availableConnectionsDelegate: limits.connectionsDelegate),
                               onServerRunning: { channel in
                                   await channel.addListenerHandlers(limits)
                                   await onListening(channel.localAddress?.port ?? 0)
                               },
                               logger: logger)
        }
    }

    /// Binds the optional second port: only the unauthenticated boot endpoints and `/healthz`,
    /// sharing the main port's rate limiter, with its own connection limits. Serves it in a
    /// `ServiceGroup` of its own (throws when it cannot bind); returns how to stop it gracefully.
    func startBootOnlyServer(_ parts: AppParts) -> @Sendable (BootPortKey) async throws -> @Sendable () async -> Void {
        { [logger] key in
            let router = Router(context: APIContext.self)
            router.add(middleware: ProblemMiddleware())
            HealthRoutes.register(on: router)
            parts.boot.routes.register(on: router)
            let limits = HTTPServerLimits(limits: key.limits, trustedProxies: key.trustedProxies)
            let (bound, signal) = AsyncStream<Bool>.makeStream()
            let boot = parts.boot.routes
            let app = Application(router: router, server: limits.server(logger: logger, fastPath: { boot.fastPathHandler(countsRequests: false) }),
                                  configuration: .init(address: .hostname(key.host, port: key.port), serverName: nil, backlog: HTTPServerLimits.listenBacklog,
                                                       availableConnectionsDelegate: limits.connectionsDelegate),
                                  onServerRunning: { channel in
                                      await channel.addListenerHandlers(limits)
                                      logger.notice("boot endpoints listening", metadata: ["port": "\(channel.localAddress?.port ?? key.port)"])
                                      signal.yield(true)
                                  },
                                  logger: logger)
            let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
            // Detached: the listener outlives the settings request (or start-up) that bound it.
            let serving = Task.detached {
                defer { signal.finish() }
                try await group.run()
            }
            guard await bound.first(where: { _ in true }) == true else {
                // It ended before listening: the bind error (port in use, privileged port).
                try await serving.value
                throw BootPortError.endedBeforeListening(port: key.port)
            }
            return {
                await group.triggerGracefulShutdown()
                _ = await serving.result
            }
        }
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

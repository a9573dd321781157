import Domain
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Services

/// The Preset port as the app runs it: reads `settings.thrift` when it starts, then serves
/// (or, when the port is disabled, idles until shutdown: a ServiceGroup member that returned
/// early would stop the whole app; so does it when the port cannot be bound). Allowed clients are
/// read for every new connection; listen address and port changes apply at the next start (the app
/// itself runs the port through `ListenerSupervisor`, which rebinds it live).
public struct PresetThriftService: Service {
    let settings: @Sendable () async throws -> ThriftSettings
    let limits: @Sendable () async throws -> LimitSettings
    let backend: any PresetBackend
    let logger: Logger
    let group: any EventLoopGroup

    public init(settings: @escaping @Sendable () async throws -> ThriftSettings, backend: any PresetBackend, logger: Logger,
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                limits: @escaping @Sendable () async throws -> LimitSettings = { LimitSettings() }) {
        self.settings = settings
        self.limits = limits
        self.backend = backend
        self.logger = logger
        self.group = group
    }

    /// The service over a container's services plus the power and agent services.
    public init(services: ServiceContainer, power: PowerService, agents: AgentService, logger: Logger) {
        let backend = ServicesPresetBackend(machines: services.machines, bootItems: services.bootItems, power: power, agents: agents)
        self.init(settings: { try await services.settings.get().thrift }, backend: backend, logger: logger,
                  limits: { try await services.settings.get().limits })
    }

    public func run() async throws {
        let thrift = try await settings()
        let limits = (try? await self.limits()) ?? LimitSettings()
        guard thrift.enabled else {
            logger.notice("thrift: port disabled in settings")
            try? await gracefulShutdown()
            return
        }
        let settings = settings
        let fallback = thrift.allowedClients
        // Allowed clients apply to new connections at once; address and port at the next start.
        let server = PresetThriftServer(config: PresetServerConfig(settings: thrift, limits: limits),
                                        dispatcher: PresetDispatcher(backend: backend, logger: logger),
                                        logger: logger, group: group,
                                        currentAllowedClients: { (try? await settings().allowedClients) ?? fallback })
        do {
            try await server.run()
        } catch where !Task.isCancelled {
            // A taken port must not take the API and boot endpoints down with it.
            logger.error("thrift: cannot serve \(thrift.listenAddress):\(thrift.port): \(error)")
            try? await gracefulShutdown()
        }
    }
}

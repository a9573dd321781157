import API
import Domain
import Logging
import NIOCore
import Power
import PresetThrift
import ServiceLifecycle
import Services

/// The parts of the Preset Thrift port and of power control, built once from the services: the power
/// drivers, the agent client, `PowerService`, `AgentService` and the Preset Thrift server.
public struct PowerParts: Sendable {
    public let power: PowerService
    public let agents: AgentService
    let services: ServiceContainer

    public init(services: ServiceContainer) {
        let agent = NIOAgentClient()
        let settings: @Sendable () async throws -> Settings = { try await services.settings.get() }
        // An event that cannot be written is logged by the event service; the operation stands.
        let record: EventSink = { _ = try? await services.events.record($0) }
        power = PowerService(drivers: [WakeOnLANDriver(), AgentPowerDriver(agent: agent), IPMIPowerDriver(), WebhookPowerDriver(),
                                       SmyooPowerDriver()],
                             settings: settings, record: record)
        // An agent that answered is a heartbeat: its OS is up (PresenceRule keeps it online).
        agents = AgentService(agent: agent, settings: settings, record: { event in
            if event.action.hasPrefix("agent."), event.outcome == .success, event.subject.hasPrefix("machine/"),
               let id = Int64(event.subject.dropFirst("machine/".count)) {
                services.heartbeats.beat(machine: id)
            }
            await record(event)
        })
        self.services = services
    }

    /// `POST /api/v1/machines/{id}/power` and `.../password`.
    public var routes: any RouteGroup { PowerRoutes(machines: services.machines, power: power, agents: agents) }

    /// Binds the Preset Thrift port `key` describes and serves it in a task of its own (throws
    /// when it cannot bind); returns how to stop: the listener closes, open connections end.
    func startThrift(logger: Logger) -> @Sendable (ThriftListenKey) async throws -> @Sendable () async -> Void {
        var logger = logger
        logger[metadataKey: "module"] = "thrift"
        let backend = ServicesPresetBackend(machines: services.machines, bootItems: services.bootItems, power: power, agents: agents)
        let settings = services.settings
        return { [logger] key in
            let config = PresetServerConfig(host: key.host, port: key.port, maxConnections: key.maxConnections,
                                            maxConnectionsPerClient: key.maxConnectionsPerClient)
            // Allowed clients are read for every new connection: a change applies at once.
            let server = PresetThriftServer(config: config, dispatcher: PresetDispatcher(backend: backend, logger: logger),
                                            logger: logger, currentAllowedClients: { (try? await settings.get().thrift.allowedClients) ?? [] })
            let listener = try await server.bind()
            let serving = Task { try? await server.serve(listener) }
            return {
                try? await listener.channel.close()
                serving.cancel()
            }
        }
    }
}

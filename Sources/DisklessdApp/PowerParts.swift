import API
import Domain
import Logging
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

    /// The Preset Thrift port (settings.thrift), as a ServiceLifecycle service.
    public func thriftServer(logger: Logger) -> any Service {
        var logger = logger
        logger[metadataKey: "module"] = "thrift"
        return PresetThriftService(services: services, power: power, agents: agents, logger: logger)
    }
}

import Domain
import ThriftCodec

/// Shuts machines down (or reboots them) by asking the agent in their OS over the Preset protocol.
///
/// The prototype had no dedicated shutdown message for agents; it switched machines off with
/// SET_SMYOO_DEVICE_POWER (35) and `SmyooDevicePowerData.status` 0. The agent receives the same
/// message for itself, so that is what this driver sends: status 0 for off. For reboot it sends
/// status 2, a disklessd extension; an agent that does not know it answers an error code
/// (10003) and the reboot is reported as failed. An agent cannot power a machine on.
public struct AgentPowerDriver: PowerDriver {
    public let kind = PowerDriverKind.agent
    /// `SmyooDevicePowerData.status` for a reboot (disklessd extension; 0 = off, 1 = on).
    public static let rebootStatus: Int32 = 2
    let agent: any AgentClient

    public init(agent: any AgentClient) { self.agent = agent }

    public func perform(_ action: PowerAction, on machine: Machine, context: PowerContext) async throws {
        let status: Int32
        switch action {
        case .on: throw DriverError.unavailable("the agent cannot power on machine \(machine.name)")
        case .off: status = 0
        case .reboot: status = Self.rebootStatus
        }
        guard let ip = machine.ip else { throw DriverError.invalid("machine \(machine.name) has no ip address for its agent") }
        let body = SmyooDevicePowerData(status: status, mcuname: machine.name).serialized()
        let reply: AgentReply
        do {
            reply = try await agent.call(host: ip, port: context.agentPort, timeoutSeconds: context.timeoutSeconds,
                                         type: PresetMessageType.setSmyooDevicePower.rawValue, body: body,
                                         hostName: machine.name)
        } catch AgentError.timedOut(let why) {
            throw DriverError.timedOut("agent of \(machine.name): \(why)")
        } catch {
            throw DriverError.unavailable("agent of \(machine.name): \(error)")
        }
        guard reply.code == PresetResultCode.success else {
            throw DriverError.commandFailed(command: "agent power \(action.rawValue)", status: reply.code,
                                            output: String(decoding: reply.message, as: UTF8.self))
        }
    }

    /// On when the agent answers a PING, off when nothing listens at its address, else unknown.
    public func state(of machine: Machine, context: PowerContext) async -> PowerState {
        guard let ip = machine.ip else { return .unknown }
        do {
            let reply = try await agent.call(host: ip, port: context.agentPort, timeoutSeconds: context.timeoutSeconds,
                                             type: PresetMessageType.ping.rawValue, body: [], hostName: machine.name)
            return reply.code == PresetResultCode.success ? .on : .unknown
        } catch AgentError.connectFailed {
            return .off
        } catch {
            return .unknown
        }
    }
}

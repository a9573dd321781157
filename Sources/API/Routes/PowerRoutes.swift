import Domain
import Hummingbird
import Services
import ThriftCodec

/// `POST /api/v1/machines/{id}/power` `{action}` and `POST /api/v1/machines/{id}/password`
/// `{userName, password}`: the REST doors to what dbc does over Thrift. Both answer
/// `{code, message}` with the Preset result codes. `GET /api/v1/power/drivers` lists what each
/// driver can do.
public struct PowerRoutes: RouteGroup {
    let machines: MachineService
    let power: PowerService
    let agents: AgentService

    public init(machines: MachineService, power: PowerService, agents: AgentService) {
        self.machines = machines
        self.power = power
        self.agents = agents
    }

    struct PowerRequest: Decodable { var action: PowerAction }

    /// One row of `GET /api/v1/power/drivers`.
    struct PowerDriverInfo: Encodable, Sendable {
        var driver: PowerDriverKind
        var actions: [PowerAction]
        var canSwitchOff: Bool

        init(_ kind: PowerDriverKind) {
            driver = kind
            actions = kind.actions
            canSwitchOff = kind.actions.contains(.off)
        }
    }
    struct PasswordRequest: Decodable { var userName: String; var password: String }

    /// `{code, message}`: 0 on success, else a Preset result code.
    struct AgentResult: Encodable, Sendable {
        var code: Int32
        var message: String
    }

    public func register(on api: RouterGroup<APIContext>) {
        api.post("machines/:id/power") { request, context in
            let caller = try context.caller(.operator_)
            let input = try await request.decode(as: PowerRequest.self, context: context)
            let machine = try await machines.get(id: try context.id(of: .machine))
            do {
                let outcome = try await power.perform(input.action, on: machine, actor: caller.name)
                let text = outcome == .done ? "power \(input.action.rawValue) done" : "the os was asked to shut down"
                return try APIJSON.response(AgentResult(code: PresetResultCode.success, message: text))
            } catch let error as PowerServiceError {
                // No driver for this action, or no device behind it, is the machine's configuration
                // (409); a power device or cloud that failed or did not answer is a bad gateway (502,
                // its own message in the detail); an agent without address is unavailable (503).
                throw APIError.coded(error.code, error.description)
            }
        }
        api.get("power/drivers") { _, context in
            _ = try context.caller()
            return try APIJSON.response(PowerDriverKind.allCases.map(PowerDriverInfo.init))
        }
        api.post("machines/:id/password") { request, context in
            let caller = try context.caller(.operator_)
            let input = try await request.decode(as: PasswordRequest.self, context: context)
            let machine = try await machines.get(id: try context.id(of: .machine))
            do {
                let reply = try await agents.changePassword(userName: input.userName, password: input.password, on: machine,
                                                            actor: caller.name)
                let text = reply.code == PresetResultCode.success ? "password changed" : String(decoding: reply.message, as: UTF8.self)
                return try APIJSON.response(AgentResult(code: reply.code, message: text))
            } catch let error as AgentError {
                return try APIJSON.response(AgentResult(code: error.presetCode, message: error.message))
            } catch let error as PowerServiceError {
                return try APIJSON.response(AgentResult(code: AgentError.connectFailed("").presetCode, message: error.description))
            }
        }
    }
}

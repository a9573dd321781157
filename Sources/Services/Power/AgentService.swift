import Domain
import ThriftCodec

/// Forwards Preset calls to the agent in a machine's OS (host info, user list, change password)
/// and writes an event for each; events never contain the password or the request body.
public struct AgentService: Sendable {
    let agent: any AgentClient
    let settings: @Sendable () async throws -> Settings
    let record: EventSink

    public init(agent: any AgentClient, settings: @escaping @Sendable () async throws -> Settings,
                record: @escaping EventSink) {
        self.agent = agent
        self.settings = settings
        self.record = record
    }

    /// Forwards `handleMessage(type, body)` to the machine's agent; the agent's code and message
    /// come back unchanged. Throws `AgentError` when it cannot be reached or does not answer in time.
    public func forward(type: Int32, body: [UInt8], to machine: Machine, actor: String) async throws -> AgentReply {
        let action = "agent." + (PresetMessageType(rawValue: type).map { "\($0)" } ?? "type\(type)")
        do {
            try AgentBodyCheck.check(type: type, body: body)
        } catch {
            await record(Event(actor: actor, action: action, subject: "machine/\(machine.id)", outcome: .failure,
                               detail: "\(machine.name): refused before forwarding: \(error)"))
            throw error
        }
        guard let ip = machine.ip else {
            let error = PowerServiceError.noAgentAddress(machine: machine.name)
            await record(Event(actor: actor, action: action, subject: "machine/\(machine.id)", outcome: .failure, detail: "\(error)"))
            throw error
        }
        let s = try await settings()
        do {
            let reply = try await agent.call(host: ip, port: s.thrift.agentPort, timeoutSeconds: s.thrift.agentTimeoutSeconds,
                                             type: type, body: body, hostName: machine.name)
            await record(Event(actor: actor, action: action, subject: "machine/\(machine.id)",
                               outcome: reply.code == PresetResultCode.success ? .success : .failure, detail: "\(machine.name): agent code \(reply.code)"))
            return reply
        } catch let error as AgentError {
            await record(Event(actor: actor, action: action, subject: "machine/\(machine.id)", outcome: .failure,
                               detail: "\(machine.name): \(error.message)"))
            throw error
        }
    }

    /// Changes a user's password in the machine's OS (SET_USER_PASSWORD).
    public func changePassword(userName: String, password: String, on machine: Machine, actor: String) async throws -> AgentReply {
        try AgentBodyCheck.checkUserPassword(userName: userName, password: password)
        let body = UserPassword(userName: userName, password: password).serialized()
        return try await forward(type: PresetMessageType.setUserPassword.rawValue, body: body, to: machine, actor: actor)
    }

    /// The machine's host name and address as its OS reports them (GET_HOST_INFO).
    public func hostInfo(of machine: Machine, actor: String) async throws -> (code: Int32, info: HostInfo?) {
        let reply = try await forward(type: PresetMessageType.getHostInfo.rawValue, body: [], to: machine, actor: actor)
        return (reply.code, reply.code == PresetResultCode.success ? try? HostInfo(serialized: reply.message) : nil)
    }

    /// The user accounts of the machine's OS (GET_USER_LIST).
    public func userList(of machine: Machine, actor: String) async throws -> (code: Int32, users: [String]) {
        let reply = try await forward(type: PresetMessageType.getUserList.rawValue, body: [], to: machine, actor: actor)
        return (reply.code, reply.code == PresetResultCode.success ? ((try? UserList(serialized: reply.message))?.users ?? []) : [])
    }
}

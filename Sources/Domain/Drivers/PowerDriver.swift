public enum PowerAction: String, Codable, Sendable, CaseIterable { case on, off, reboot }

/// Power state as far as a driver can tell.
public enum PowerState: String, Codable, Sendable { case on, off, unknown }

/// What a power driver needs besides the machine itself.
public struct PowerContext: Sendable {
    public var broadcast: IPv4Address
    public var settings: PowerSettings
    public var agentPort: Int
    public var timeoutSeconds: Int

    public init(broadcast: IPv4Address, settings: PowerSettings, agentPort: Int = DefaultPorts.agent, timeoutSeconds: Int = 3) {
        self.broadcast = broadcast
        self.settings = settings
        self.agentPort = agentPort
        self.timeoutSeconds = timeoutSeconds
    }
}

/// Switches one machine on or off. Throws `DriverError` on failure.
public protocol PowerDriver: Sendable {
    var kind: PowerDriverKind { get }
    func perform(_ action: PowerAction, on machine: Machine, context: PowerContext) async throws
    func state(of machine: Machine, context: PowerContext) async -> PowerState
    /// The machine's power device as the driver's service describes it, for drivers that have
    /// one (a Smyoo card); nil for the others. Throws `DriverError` when the service fails.
    func device(of machine: Machine, context: PowerContext) async throws -> PowerDevice?
}

extension PowerDriver {
    public func device(of machine: Machine, context: PowerContext) async throws -> PowerDevice? { nil }
}

/// A power device as its cloud service lists it (the prototype's Smyoo view).
public struct PowerDevice: Sendable, Hashable {
    public var id: String
    public var name: String
    public var note: String
    public var online: Bool
    public var state: PowerState

    public init(id: String, name: String, note: String, online: Bool, state: PowerState) {
        self.id = id
        self.name = name
        self.note = note
        self.online = online
        self.state = state
    }
}

/// The reply of an agent in the client OS to a forwarded Preset call.
public struct AgentReply: Sendable, Hashable {
    public var code: Int32
    /// `ResultStruct.message`: raw bytes (often a serialized struct), not necessarily UTF-8.
    public var message: [UInt8]

    public init(code: Int32, message: [UInt8]) {
        self.code = code
        self.message = message
    }
}

public enum AgentError: Error, Sendable, Hashable {
    /// Connect failed or refused: Preset code 7.
    case connectFailed(String)
    /// No answer within the bound: Preset code 4.
    case timedOut(String)
    /// The agent answered something that is not a Preset reply: Preset code 3.
    case protocolError(String)
}

/// Forwards a Preset `handleMessage` to the agent in a client OS (ping first), bounded in time.
public protocol AgentClient: Sendable {
    func call(host: IPv4Address, port: Int, timeoutSeconds: Int, type: Int32, body: [UInt8], hostName: String?) async throws -> AgentReply
}

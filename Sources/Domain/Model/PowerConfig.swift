/// How a machine is switched on and off.
public enum PowerDriverKind: String, Codable, Sendable, CaseIterable {
    case none, wol, agent, ipmi, webhook
    /// Smyoo cloud power cards (the prototype's), through the account in `PowerSettings.smyoo`.
    case smyoo
}

/// Per-machine power settings. Fields not used by `driver` are ignored.
public struct PowerConfig: Codable, Sendable, Hashable {
    public var driver: PowerDriverKind
    /// Wake-on-LAN: broadcast address for the magic packet; nil uses the DHCP settings' broadcast.
    public var wolBroadcast: IPv4Address?
    /// Power off asks the agent in the client OS first (then forces with `driver` when it can).
    public var agentShutdownFirst: Bool
    public var ipmiHost: String?
    public var ipmiUser: String?
    public var ipmiPassword: String?
    public var webhookURL: String?
    /// Smyoo: the card's `mcuid`; nil matches the card whose `mcuname` is the machine's name.
    public var mcuid: String?

    public init(driver: PowerDriverKind = .wol, wolBroadcast: IPv4Address? = nil, agentShutdownFirst: Bool = true,
                ipmiHost: String? = nil, ipmiUser: String? = nil, ipmiPassword: String? = nil, webhookURL: String? = nil,
                mcuid: String? = nil) {
        self.driver = driver
        self.wolBroadcast = wolBroadcast
        self.agentShutdownFirst = agentShutdownFirst
        self.ipmiHost = ipmiHost
        self.ipmiUser = ipmiUser
        self.ipmiPassword = ipmiPassword
        self.webhookURL = webhookURL
        self.mcuid = mcuid
    }
}

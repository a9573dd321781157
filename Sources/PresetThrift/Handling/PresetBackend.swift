import Domain

/// The power and presence of one machine as GET_SMYOO_DEVICE_INFO reports it.
public struct PresetDeviceState: Sendable, Hashable {
    public var machineID: Int64
    public var name: String
    public var notes: String
    public var online: Bool
    public var power: PowerState
    /// The power card's own id (Smyoo `mcuid`); nil reports the machine id.
    public var mcuid: String?

    public init(machineID: Int64, name: String, notes: String, online: Bool, power: PowerState, mcuid: String? = nil) {
        self.machineID = machineID
        self.name = name
        self.notes = notes
        self.online = online
        self.power = power
        self.mcuid = mcuid
    }
}

/// What the Preset door needs from the service layer. The door never touches the database or a
/// driver: `ServicesPresetBackend` implements this over the services, tests may use a fake.
public protocol PresetBackend: Sendable {
    /// The names of all boot items, in menu order.
    func bootMenuNames() async throws -> [String]
    /// Sets the machine's default boot item (by name) and, when given, its super-workstation flag.
    func setBootMenu(machine: String, bootItem: String, superWorkstation: Bool?, actor: String) async throws
    func deviceState(machine: String) async throws -> PresetDeviceState
    func setPower(machine: String, action: PowerAction, actor: String) async throws
    /// Forwards a message to the agent in the machine's OS and returns its reply.
    func forward(machine: String, type: Int32, body: [UInt8], actor: String) async throws -> AgentReply
}

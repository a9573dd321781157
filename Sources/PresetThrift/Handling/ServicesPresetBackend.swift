import Domain
import Services

/// The Preset door's backend over the service layer: machines and boot items through their
/// services (same validation and events as REST), power and agent calls through `PowerService`
/// and `AgentService`. Never the database, never a driver.
public struct ServicesPresetBackend: PresetBackend {
    let machines: MachineService
    let bootItems: BootItemService
    let power: PowerService
    let agents: AgentService

    public init(machines: MachineService, bootItems: BootItemService, power: PowerService, agents: AgentService) {
        self.machines = machines
        self.bootItems = bootItems
        self.power = power
        self.agents = agents
    }

    public func bootMenuNames() async throws -> [String] {
        try await bootItems.list().map(\.name)
    }

    /// Sets the default boot item by `MachineService`'s menu rule (an item not yet in the menu is
    /// appended to it): dbc only knows the global list of names (GET_BOOT_MENU).
    public func setBootMenu(machine name: String, bootItem: String, superWorkstation: Bool?, actor: String) async throws {
        guard let item = try await bootItems.byName(bootItem) else { throw PresetThriftError.bootItemNotFound(bootItem) }
        let machine = try await machine(named: name)
        _ = try await machines.setDefaultBootItem(id: machine.id, item: item.id, superWorkstation: superWorkstation,
                                                  by: Caller.thrift(peer: Self.peer(of: actor)))
    }

    public func deviceState(machine name: String) async throws -> PresetDeviceState {
        let machine = try await machine(named: name)
        if let card = try await power.device(of: machine) {
            return PresetDeviceState(machineID: machine.id, name: card.name, notes: card.note, online: card.online,
                                     power: card.state, mcuid: card.id)
        }
        let state = await power.state(of: machine)
        let online = machine.status == .online || machine.status == .booting || state == .on
        return PresetDeviceState(machineID: machine.id, name: machine.name, notes: machine.notes, online: online, power: state)
    }

    public func setPower(machine name: String, action: PowerAction, actor: String) async throws {
        let machine = try await machine(named: name)
        try await power.perform(action, on: machine, actor: actor)
    }

    public func forward(machine name: String, type: Int32, body: [UInt8], actor: String) async throws -> AgentReply {
        try await agents.forward(type: type, body: body, to: try await machine(named: name), actor: actor)
    }

    /// `Message.host` is the machine's name; a name that is not one is an unknown host (code 6).
    func machine(named name: String) async throws -> Machine {
        guard (try? Validate.hostname(name)) != nil, let machine = try await machines.byName(name) else {
            throw PresetThriftError.unknownHost(name)
        }
        return machine
    }

    /// `thrift:<peer>` → `<peer>` (the door passes actors in event form).
    static func peer(of actor: String) -> String {
        actor.hasPrefix("thrift:") ? String(actor.dropFirst("thrift:".count)) : actor
    }
}

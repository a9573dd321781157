import Domain
import PresetThrift

/// An in-memory backend for dispatcher unit tests only: the real one (services over SQLite) is
/// exercised by the `thrift` tier against a running disklessd.
actor FakePresetBackend: PresetBackend {
    var items = ["win10", "ubuntu"]
    var machines: [String: (item: String?, superWorkstation: Bool)] = ["pc01": (nil, false)]
    var powerCalls: [(String, PowerAction)] = []
    var forwardReply = AgentReply(code: 0, message: [])
    var forwardError: (any Error)?

    func bootMenuNames() async throws -> [String] { items }

    func setBootMenu(machine: String, bootItem: String, superWorkstation: Bool?, actor: String) async throws {
        guard let current = machines[machine] else { throw PresetThriftError.unknownHost(machine) }
        guard items.contains(bootItem) else { throw PresetThriftError.bootItemNotFound(bootItem) }
        machines[machine] = (bootItem, superWorkstation ?? current.superWorkstation)
    }

    func deviceState(machine: String) async throws -> PresetDeviceState {
        guard machines[machine] != nil else { throw PresetThriftError.unknownHost(machine) }
        return PresetDeviceState(machineID: 1, name: machine, notes: "", online: true, power: .on)
    }

    func setPower(machine: String, action: PowerAction, actor: String) async throws {
        guard machines[machine] != nil else { throw PresetThriftError.unknownHost(machine) }
        powerCalls.append((machine, action))
    }

    func forward(machine: String, type: Int32, body: [UInt8], actor: String) async throws -> AgentReply {
        if let forwardError { throw forwardError }
        return forwardReply
    }

    func machine(_ name: String) -> (item: String?, superWorkstation: Bool)? { machines[name] }

    func setForward(reply: AgentReply? = nil, error: (any Error)? = nil) {
        if let reply { forwardReply = reply }
        forwardError = error
    }
}

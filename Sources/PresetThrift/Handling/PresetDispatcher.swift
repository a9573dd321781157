import Domain
import Logging
import ThriftCodec

/// Turns one decoded Preset message into its answer. Protocol logic only: the service work is the
/// backend's, and every failure becomes a result code through `PresetResultCode.result(for:)`.
public struct PresetDispatcher: Sendable {
    public let backend: any PresetBackend
    public let limits: ThriftLimits
    /// Every call that changes something is logged with its caller and outcome.
    public let logger: Logger

    public init(backend: any PresetBackend, limits: ThriftLimits = .default, logger: Logger = Logger(label: "disklessd.thrift")) {
        self.backend = backend
        self.limits = limits
        self.logger = logger
    }

    /// The reply bytes for one complete message (no frame prefix), or nil for a oneway call.
    /// - Parameter actor: who is calling, for events (`thrift:<peer address>`).
    public func respond(to bytes: [UInt8], actor: String) async -> [UInt8]? {
        let call: PresetCall
        do {
            call = try PresetCall.decode(bytes, limits: limits)
        } catch {
            let header = error.header
            let reply = PresetReply.applicationException(TApplicationException(.protocolError, error.error.description))
            return reply.encode(name: header?.name ?? "", sequenceID: header?.sequenceID ?? 0, strict: header?.strict ?? true)
        }
        let reply: PresetReply
        switch call.method {
        case .ping:
            reply = .pong("pong")
        case .unknown(let name):
            reply = .applicationException(TApplicationException(.unknownMethod, "unknown method \(name.debugDescription)"))
        case .handleMessage(let message):
            reply = await handle(message, actor: actor)
        }
        if call.header.type == .oneway { return nil }
        return reply.encode(name: call.header.name, sequenceID: call.header.sequenceID, strict: call.header.strict)
    }

    /// The answer to one `handleMessage`.
    public func handle(_ message: Message, actor: String) async -> PresetReply {
        guard let type = PresetMessageType(rawValue: message.type) else {
            return .invalidMessageType(InvalidMessageType(whatType: message.type, why: "unknown message type \(message.type)"))
        }
        let result: ResultStruct
        do {
            result = try await perform(type, message, actor: actor)
        } catch {
            result = PresetResultCode.result(for: error)
        }
        if type.changesState {
            logger.notice("thrift: state-changing call", metadata: [
                "caller": "\(actor)", "call": "\(type)", "host": "\((message.host ?? "").prefix(64))", "code": "\(result.code)"])
        }
        return .result(result)
    }

    /// The prototype's message on a successful SET_BOOT_MENU / SET_SMYOO_DEVICE_POWER.
    static let successText = "success"

    private func perform(_ type: PresetMessageType, _ message: Message, actor: String) async throws -> ResultStruct {
        do {
            return try await performKnown(type, message, actor: actor)
        } catch PresetThriftError.unknownHost(let host) where type.isHostDevice {
            // The prototype looked the host up among its power devices for types 33–35 and
            // answered "no such power device" for a name it did not know.
            throw PresetThriftError.unknownDevice(host)
        }
    }

    private func performKnown(_ type: PresetMessageType, _ message: Message, actor: String) async throws -> ResultStruct {
        switch type {
        case .ping:
            return ResultStruct(code: PresetResultCode.success, text: "pong")
        case .getBootMenu:
            let names = try await backend.bootMenuNames()
            return ResultStruct(code: PresetResultCode.success, payload: BootMenuList(menus: names))
        case .setBootMenu:
            let host = try requireHost(message)
            let menu = try BootMenu(serialized: message.body, limits: limits)
            guard let item = menu.menu, !item.isEmpty else { throw PresetThriftError.invalidBody("bootmenu.menu is required") }
            try await backend.setBootMenu(machine: host, bootItem: item, superWorkstation: menu.superTube, actor: actor)
            return ResultStruct(code: PresetResultCode.success, text: Self.successText)
        case .getSmyooDeviceInfo:
            let state = try await backend.deviceState(machine: try requireHost(message))
            return ResultStruct(code: PresetResultCode.success, payload: state.smyooInfo)
        case .setSmyooDevicePower:
            let host = try requireHost(message)
            let data = try SmyooDevicePowerData(serialized: message.body, limits: limits)
            let action: PowerAction
            switch data.status {
            case 1: action = .on
            case 0: action = .off
            default: throw PresetThriftError.invalidPowerStatus(data.status ?? -1)
            }
            try await backend.setPower(machine: host, action: action, actor: actor)
            return ResultStruct(code: PresetResultCode.success, text: Self.successText)
        case .getHostInfo, .setHostInfo, .getUserList, .setUserPassword:
            let reply = try await backend.forward(machine: try requireHost(message), type: message.type,
                                                  body: message.body, actor: actor)
            return ResultStruct(code: reply.code, message: reply.message)
        }
    }

    private func requireHost(_ message: Message) throws(PresetThriftError) -> String {
        guard let host = message.host, !host.isEmpty else { throw .unknownHost("") }
        return host
    }
}

extension PresetMessageType {
    /// Calls that change a machine, its power or its OS (the rest only read).
    var changesState: Bool {
        switch self {
        case .setBootMenu, .setSmyooDevicePower, .setHostInfo, .setUserPassword: true
        case .ping, .getBootMenu, .getSmyooDeviceInfo, .getHostInfo, .getUserList: false
        }
    }
}

extension PresetDeviceState {
    /// The prototype's smart-plug view: mcuid is the machine id (or its Smyoo card's), power 1 on,
    /// 0 off. An unknown state is 0 ("not known to be on"): the prototype's clients decode the
    /// message as UTF-8 text, and the bytes of -1 (ff ff ff ff) are not.
    var smyooInfo: SmyooDeviceInfo {
        let powerCode: Int32 = power == .on ? 1 : 0
        return SmyooDeviceInfo(mcuname: name, note: notes, isonline: online ? 1 : 0, power: powerCode,
                               mcuid: mcuid ?? String(machineID))
    }
}

import Domain
import Foundation
import PresetThrift
import Services
import Testing
import ThriftCodec

/// The dispatcher over the real service layer (SQLite in a temporary directory): dbc's calls
/// change the same machines REST shows, with the same validation and events.
@Suite struct ServicesBackendTests {
    let services: ServiceContainer
    let dispatcher: PresetDispatcher
    let machineID: Int64
    let ubuntuID: Int64

    init() async throws {
        services = try ServiceContainer.temporary()
        let win = try await services.bootItems.create(BootItemInput(name: "win10", kind: "local"), by: .system)
        let ubuntu = try await services.bootItems.create(BootItemInput(name: "ubuntu", kind: "local"), by: .system)
        let machine = try await services.machines.create(
            MachineInput(name: "pc01", mac: "52:54:00:00:00:01", ip: "127.0.0.1", defaultBootItem: win.id, bootItems: [win.id],
                         power: PowerInput(driver: "none")), by: .system)
        machineID = machine.id
        ubuntuID = ubuntu.id
        let container = services
        let record: EventSink = { _ = try? await container.events.record($0) }
        let settings: @Sendable () async throws -> Settings = { try await container.settings.get() }
        let power = PowerService(drivers: [], settings: settings, record: record)
        let agents = AgentService(agent: NIOAgentClient(), settings: settings, record: record)
        dispatcher = PresetDispatcher(backend: ServicesPresetBackend(machines: services.machines, bootItems: services.bootItems,
                                                                     power: power, agents: agents))
    }

    func result(_ message: Message) async throws -> ResultStruct {
        guard case .result(let r) = await dispatcher.handle(message, actor: "thrift:10.0.0.9") else {
            throw ThriftError.invalidField("no result")
        }
        return r
    }

    @Test func getBootMenuListsTheStoredItems() async throws {
        let r = try await result(Message(type: 32))
        #expect(try BootMenuList(serialized: r.message).menus?.sorted() == ["ubuntu", "win10"])
    }

    @Test func setBootMenuChangesTheMachineAndWritesAnEvent() async throws {
        let r = try await result(Message(type: 33, body: BootMenu(menu: "ubuntu", superTube: true).serialized(), host: "pc01"))
        #expect(r.code == 0)
        let machine = try await services.machines.get(id: machineID)
        #expect(machine.defaultBootItem == ubuntuID)
        #expect(machine.bootItems.contains(ubuntuID))
        #expect(machine.superWorkstation)
        let events = try await services.events.list(action: "machine.update", subject: "machine/\(machineID)")
        #expect(events.items.first?.actor == "thrift:10.0.0.9")
    }

    @Test func missingItemsAndHostsHaveTheirCodes() async throws {
        let missing = try await result(Message(type: 33, body: BootMenu(menu: "dos", superTube: false).serialized(), host: "pc01"))
        #expect(missing.code == 1101)
        // Types 33-35 answer an unknown host with 2001 (the prototype's), the forwarded types with 6.
        for type: Int32 in [33, 34, 35] {
            let body = type == 33 ? BootMenu(menu: "ubuntu").serialized() : type == 35 ? SmyooDevicePowerData(status: 1).serialized() : []
            let ghost = try await result(Message(type: type, body: body, host: "ghost"))
            #expect(ghost.code == 2001, "type \(type)")
        }
        let injected = try await result(Message(type: 34, host: "pc01\n; rm -rf /"))
        #expect(injected.code == 2001)
        let forwarded = try await result(Message(type: 2, host: "ghost"))
        #expect(forwarded.code == 6)
    }

    @Test func powerWithoutADriverIs2001AndLeavesAFailureEvent() async throws {
        let r = try await result(Message(type: 35, body: SmyooDevicePowerData(status: 1).serialized(), host: "pc01"))
        #expect(r.code == 2001)
        let events = try await services.events.list(action: "power.on", subject: "machine/\(machineID)")
        #expect(events.items.first?.outcome == .failure)
    }

    @Test func deviceInfoNamesTheMachine() async throws {
        let r = try await result(Message(type: 34, host: "pc01"))
        let info = try SmyooDeviceInfo(serialized: r.message)
        // Unknown state is 0, never -1: clients of the prototype's IDL decode the message as UTF-8.
        #expect(info.mcuname == "pc01" && info.mcuid == String(machineID) && info.power == 0)
        #expect(String(validating: r.message, as: UTF8.self) != nil)
    }

    @Test func forwardingToNoAgentIsConnectFailed() async throws {
        // 127.0.0.1:9 (discard) has no listener here: refused at once.
        var settings = try await services.settings.get()
        settings.thrift.agentPort = 9
        _ = try await services.settings.update(settings, by: .system)
        let r = try await result(Message(type: 4, host: "pc01"))
        #expect(r.code == 7)
    }
}

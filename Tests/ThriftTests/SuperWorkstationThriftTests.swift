import Domain
import Foundation
import PresetThrift
import Services
import Testing
import ThriftCodec

/// SET_BOOT_MENU with superTube over the real service layer (SQLite): a second super workstation
/// of one image is refused with the holder's name in the result text (issue 15, item 10).
@Suite struct SuperWorkstationThriftTests {
    @Test func superTubeForASecondMachineOfAnImageIsRefused() async throws {
        let services = try ServiceContainer.temporary()
        let image = try await services.images.create(ImageInput(name: "win10", kind: "os", sizeMiB: 64), by: .system)
        let item = try await services.bootItems.create(BootItemInput(name: "win10", label: "Windows", kind: "iscsi", osImage: image.id),
                                                       by: .system)
        for n in 1...2 {
            _ = try await services.machines.create(MachineInput(name: "pc0\(n)", mac: "52:54:00:00:00:0\(n)", bootItems: [item.id],
                                                                power: PowerInput(driver: "none")), by: .system)
        }
        let container = services
        let record: EventSink = { _ = try? await container.events.record($0) }
        let settings: @Sendable () async throws -> Settings = { try await container.settings.get() }
        let dispatcher = PresetDispatcher(backend: ServicesPresetBackend(
            machines: services.machines, bootItems: services.bootItems,
            power: PowerService(drivers: [], settings: settings, record: record),
            agents: AgentService(agent: NIOAgentClient(), settings: settings, record: record)))
        func setBootMenu(_ host: String) async throws -> ResultStruct {
            let message = Message(type: 33, body: BootMenu(menu: "win10", superTube: true).serialized(), host: host)
            guard case .result(let r) = await dispatcher.handle(message, actor: "thrift:127.0.0.1") else {
                throw ThriftError.invalidField("no result")
            }
            return r
        }

        #expect(try await setBootMenu("pc01").code == PresetResultCode.success)
        let refused = try await setBootMenu("pc02")
        #expect(refused.code == PresetResultCode.exceptionOccurred)
        let text = String(decoding: refused.message, as: UTF8.self)
        #expect(text.contains("pc01") && text.contains("super workstation"), "\(text)")
        #expect(try await services.machines.byName("pc02")?.superWorkstation == false)
    }
}

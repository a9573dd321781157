import Domain
import Foundation
import Power
import Services
import Testing
import ThriftCodec

/// PowerService and AgentService with the real drivers; the agent is a recording AgentClient
/// (the real NIO agent client is tested in ThriftTests and the `thrift` tier).
@Suite struct PowerServiceTests {
    actor Events {
        var all: [Event] = []
        func add(_ e: Event) { all.append(e) }
    }

    actor ScriptedAgent: AgentClient {
        var calls: [(type: Int32, body: [UInt8])] = []
        let failure: AgentError?
        init(failure: AgentError? = nil) { self.failure = failure }
        func call(host: IPv4Address, port: Int, timeoutSeconds: Int, type: Int32, body: [UInt8], hostName: String?) async throws -> AgentReply {
            calls.append((type, body))
            if let failure { throw failure }
            return AgentReply(code: 0, message: [])
        }
    }

    /// A real script in ipmitool's place that appends its last argument to a log file.
    func fakeIpmitool() throws -> (tool: String, log: URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pw-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let tool = dir.appendingPathComponent("ipmitool"), log = dir.appendingPathComponent("log")
        try "#!/bin/sh\nfor a; do last=$a; done\necho \"$last\" >> '\(log.path)'\n".write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        return (tool.path, log)
    }

    func service(agent: ScriptedAgent, ipmitool: String = "/bin/false", events: Events) -> PowerService {
        var settings = Settings()
        settings.power.ipmitoolPath = ipmitool
        settings.dhcp.broadcastAddress = IPv4Address(127, 0, 0, 1)
        let fixed = settings
        return PowerService(drivers: [WakeOnLANDriver(port: 9), AgentPowerDriver(agent: agent), IPMIPowerDriver(), WebhookPowerDriver()],
                            settings: { fixed }, record: { await events.add($0) })
    }

    func machine(_ driver: PowerDriverKind, agentFirst: Bool = true) -> Machine {
        Machine(id: 4, name: "pc04", mac: MACAddress("52:54:00:00:00:04")!, ip: IPv4Address(127, 0, 0, 9),
                power: PowerConfig(driver: driver, agentShutdownFirst: agentFirst, ipmiHost: "10.0.0.4", ipmiUser: "admin", ipmiPassword: "pw"))
    }

    @Test func offAsksTheAgentFirst() async throws {
        let agent = ScriptedAgent(), events = Events()
        let outcome = try await service(agent: agent, events: events).perform(.off, on: machine(.ipmi), actor: "admin")
        #expect(outcome == .gracefulShutdownRequested)
        #expect(await agent.calls.map(\.type) == [35])
        #expect(await events.all.map(\.action) == ["power.off"])
    }

    @Test func offIsForcedWhenTheAgentIsUnreachable() async throws {
        let agent = ScriptedAgent(failure: .connectFailed("refused")), events = Events()
        let (tool, log) = try fakeIpmitool()
        let outcome = try await service(agent: agent, ipmitool: tool, events: events).perform(.off, on: machine(.ipmi), actor: "admin")
        #expect(outcome == .done)
        #expect(try String(contentsOf: log, encoding: .utf8) == "off\n")
    }

    @Test func aMachineWithoutPowerDriverHasNoPowerDevice() async throws {
        let events = Events()
        await #expect(throws: PowerServiceError.noPowerDevice(machine: "pc04", action: .on)) {
            try await service(agent: ScriptedAgent(), events: events).perform(.on, on: machine(.none), actor: "admin")
        }
        #expect(await events.all.first?.outcome == .failure)
    }

    @Test func wakeOnLANCannotSwitchOffWithoutAnAgent() async throws {
        await #expect(throws: PowerServiceError.self) {
            try await service(agent: ScriptedAgent(failure: .timedOut("x")), events: Events()).perform(.off, on: machine(.wol), actor: "a")
        }
    }

    @Test func aFailingDriverIsAFailedOperation() async throws {
        await #expect(throws: PowerServiceError.self) {
            try await service(agent: ScriptedAgent(), events: Events()).perform(.on, on: machine(.ipmi), actor: "a")
        }
    }

    @Test func changingAPasswordNeverPutsItIntoAnEvent() async throws {
        let agent = ScriptedAgent(), events = Events()
        let agents = AgentService(agent: agent, settings: { Settings() }, record: { await events.add($0) })
        let reply = try await agents.changePassword(userName: "admin", password: "Tr0ub4dor&3", on: machine(.wol), actor: "admin")
        #expect(reply.code == 0)
        let call = try #require(await agent.calls.first)
        #expect(call.type == 5)
        #expect(try UserPassword(serialized: call.body) == UserPassword(userName: "admin", password: "Tr0ub4dor&3"))
        let all = await events.all
        #expect(all.count == 1)
        #expect(all.allSatisfy { !$0.detail.contains("Tr0ub4dor") && !$0.action.contains("Tr0ub4dor") })
    }

    @Test func anUnreachableAgentKeepsItsCode() async throws {
        let agents = AgentService(agent: ScriptedAgent(failure: .connectFailed("refused")), settings: { Settings() }, record: { _ in })
        do {
            _ = try await agents.hostInfo(of: machine(.wol), actor: "a")
            Issue.record("expected a failure")
        } catch let error as AgentError {
            #expect(error.presetCode == 7)
        }
    }
}

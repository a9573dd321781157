import Domain
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Power
import Testing
import ThriftCodec

@Suite struct WebhookAndAgentDriverTests {
    let mac = MACAddress("52:54:00:12:34:56")!

    @Test func theWebhookPostsMachineMacAndAction() throws {
        let machine = Machine(name: "pc01", mac: mac, power: PowerConfig(driver: .webhook, webhookURL: "http://plug.lan:8080/power"))
        let request = try WebhookPowerDriver.request(.off, machine: machine, timeoutSeconds: 3)
        #expect(request.httpMethod == "POST")
        #expect(request.url?.absoluteString == "http://plug.lan:8080/power")
        #expect(request.value(forHTTPHeaderField: "Content-Type") == "application/json")
        let body = try JSONDecoder().decode(WebhookPowerDriver.Payload.self, from: request.httpBody ?? Data())
        #expect(body == WebhookPowerDriver.Payload(machine: "pc01", mac: "52:54:00:12:34:56", action: "off"))
    }

    @Test func aWebhookWithoutAValidURLIsRefused() {
        let machine = Machine(name: "pc01", mac: mac, power: PowerConfig(driver: .webhook, webhookURL: "file:///etc/passwd"))
        #expect(throws: DriverError.self) { try WebhookPowerDriver.request(.on, machine: machine, timeoutSeconds: 3) }
    }

    @Test func anUnreachableWebhookFailsWithinTheBound() async {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let machine = Machine(name: "pc01", mac: mac, power: PowerConfig(driver: .webhook, webhookURL: "http://127.0.0.1:1/x"))
        let context = PowerContext(broadcast: IPv4Address(127, 0, 0, 255), settings: PowerSettings(), timeoutSeconds: 2)
        await #expect(throws: DriverError.self) { try await WebhookPowerDriver().perform(.on, on: machine, context: context) }
    }

    /// Records calls; the real NIO agent client is tested in ThriftTests and the `thrift` tier.
    actor RecordingAgent: AgentClient {
        var calls: [(Int32, [UInt8])] = []
        let code: Int32
        init(code: Int32) { self.code = code }
        func call(host: IPv4Address, port: Int, timeoutSeconds: Int, type: Int32, body: [UInt8], hostName: String?) async throws -> AgentReply {
            calls.append((type, body))
            return AgentReply(code: code, message: [])
        }
    }

    @Test func theAgentDriverSendsSetSmyooDevicePowerWithStatusZero() async throws {
        let agent = RecordingAgent(code: 0)
        let machine = Machine(name: "pc01", mac: mac, ip: IPv4Address(10, 0, 0, 5), power: PowerConfig(driver: .agent))
        let context = PowerContext(broadcast: IPv4Address(10, 0, 0, 255), settings: PowerSettings())
        try await AgentPowerDriver(agent: agent).perform(.off, on: machine, context: context)
        let call = try #require(await agent.calls.first)
        #expect(call.0 == 35)
        #expect(try SmyooDevicePowerData(serialized: call.1).status == 0)
        await #expect(throws: DriverError.self) { try await AgentPowerDriver(agent: agent).perform(.on, on: machine, context: context) }
    }

    @Test func anAgentErrorCodeIsADriverFailure() async {
        let machine = Machine(name: "pc01", mac: mac, ip: IPv4Address(10, 0, 0, 5), power: PowerConfig(driver: .agent))
        let context = PowerContext(broadcast: IPv4Address(10, 0, 0, 255), settings: PowerSettings())
        await #expect(throws: DriverError.self) {
            try await AgentPowerDriver(agent: RecordingAgent(code: 10003)).perform(.reboot, on: machine, context: context)
        }
    }
}

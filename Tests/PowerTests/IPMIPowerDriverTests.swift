import Domain
import Foundation
import Power
import ProcessSpawn
import Testing

@Suite struct IPMIPowerDriverTests {
    func machine(host: String = "10.0.0.50", user: String = "ADMIN") -> Machine {
        Machine(name: "pc01", mac: MACAddress("52:54:00:12:34:56")!,
                power: PowerConfig(driver: .ipmi, ipmiHost: host, ipmiUser: user, ipmiPassword: "p'a ss;$(x)"))
    }

    @Test func theArgumentVectorUsesLanplusAndEnvironmentPassword() throws {
        let args = try IPMIPowerDriver.arguments("off", machine: machine())
        #expect(args == ["-I", "lanplus", "-H", "10.0.0.50", "-U", "ADMIN", "-E", "chassis", "power", "off"])
        #expect(!args.joined().contains("p'a ss"))
    }

    @Test func hostsAndUsersThatCouldBeOptionsOrWorseAreRefused() {
        #expect(throws: DriverError.self) { try IPMIPowerDriver.arguments("on", machine: machine(host: "-oProxy=x")) }
        #expect(throws: DriverError.self) { try IPMIPowerDriver.arguments("on", machine: machine(host: "a b")) }
        #expect(throws: DriverError.self) { try IPMIPowerDriver.arguments("on", machine: machine(user: "-x")) }
        #expect(throws: DriverError.self) { try IPMIPowerDriver.arguments("on", machine: machine(user: "a\nb")) }
        #expect((try? IPMIPowerDriver.arguments("on", machine: machine(host: "bmc-01.lab.example"))) != nil)
    }

    /// A real subprocess in ipmitool's place prints what it got: the password must arrive in the
    /// environment and nowhere in the arguments.
    @Test func theRealProcessGetsThePasswordThroughTheEnvironment() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipmi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let tool = dir.appendingPathComponent("ipmitool")
        try "#!/bin/sh\necho \"args:$*\"\necho \"pw:$IPMI_PASSWORD\"\necho 'Chassis Power is on'\n"
            .write(to: tool, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: tool.path)
        let context = PowerContext(broadcast: IPv4Address(127, 0, 0, 255), settings: PowerSettings(ipmitoolPath: tool.path))
        let state = await IPMIPowerDriver().state(of: machine(), context: context)
        #expect(state == .on)
        let result = try await ProcessCommandRunner().run([tool.path, "x"], environment: ["IPMI_PASSWORD": "p'a ss;$(x)"], timeoutSeconds: 5)
        #expect(result.output.contains("pw:p'a ss;$(x)"))
        #expect(result.output.contains("args:x\n"))
    }

    @Test func aFailingIpmitoolIsACommandFailure() async throws {
        let context = PowerContext(broadcast: IPv4Address(127, 0, 0, 255), settings: PowerSettings(ipmitoolPath: "/bin/false"))
        await #expect(throws: DriverError.self) { try await IPMIPowerDriver().perform(.on, on: machine(), context: context) }
    }

    @Test func aHangingCommandIsTimedOut() async throws {
        await #expect(throws: DriverError.self) {
            _ = try await ProcessCommandRunner().run(["/bin/sleep", "30"], environment: [:], timeoutSeconds: 1)
        }
    }
}

import Domain
import Foundation
import Power
import Services
import Testing

/// The `smyoo` driver against the local fake of the Smyoo cloud (Tests/fakes/smyoo-fake.py):
/// real HTTP on loopback, the fake built from shared/protocol/smyoo.md. The `thrift` tier drives
/// the same driver end to end through REST and the Thrift port.
@Suite(.enabled(if: SmyooFake.canRun, "needs python3 for the local Smyoo fake"))
struct SmyooPowerDriverTests {
    let mac = MACAddress("52:54:00:12:34:56")!

    // Generous: the tests run on 2 loaded cores; only the hang test needs a short bound.
    func context(_ fake: SmyooFake, password: String = "pw-ok", timeout: Int = 30) -> PowerContext {
        let smyoo = SmyooSettings(baseURL: fake.baseURL, phone: "13800000000", password: password)
        return PowerContext(broadcast: IPv4Address(127, 0, 0, 255), settings: PowerSettings(smyoo: smyoo), timeoutSeconds: timeout)
    }

    func machine(_ name: String, mcuid: String? = nil) -> Machine {
        Machine(name: name, mac: mac, power: PowerConfig(driver: .smyoo, mcuid: mcuid))
    }

    @Test func onAndOffSwitchTheCardNamedLikeTheMachine() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        let driver = SmyooPowerDriver()
        try await driver.perform(.on, on: machine("pc01"), context: context(fake))
        #expect(try await fake.status(of: "MCU-PC01") == 1)
        try await driver.perform(.off, on: machine("pc01"), context: context(fake))
        #expect(try await fake.status(of: "MCU-PC01") == 0)

        let login = try #require(try await fake.calls(to: SmyooAPI.login).first)
        let body = try #require(login["body"] as? [String: Any])
        #expect(body["phone"] as? String == "13800000000" && body["appId"] as? Int == 1314 && body["context"] == nil)
        #expect((login["contentType"] as? String)?.hasPrefix("application/json") == true)
        let switches = try await fake.calls(to: SmyooAPI.setDeviceData)
        #expect(switches.count == 2)
        let last = try #require(switches.last?["body"] as? [String: Any])
        #expect(last["mcuid"] as? String == "MCU-PC01" && last["datatype"] as? Int == 1)
        #expect(last["datapoint"] as? String == "{\"status\":0}")
        #expect((switches.last?["cookie"] as? String)?.hasPrefix("BpeSessionId=S") == true)
        #expect(try await fake.calls(to: SmyooAPI.login).count == 1, "the session is kept between calls")
    }

    @Test func anExplicitMcuidWinsAndTheCardsOwnNameAndNoteAreReported() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        let device = try #require(try await SmyooPowerDriver().device(of: machine("cashier", mcuid: "MCU-X7"), context: context(fake)))
        #expect(device == PowerDevice(id: "MCU-X7", name: "收银台", note: "", online: true, state: .on))
        let pc02 = try #require(try await SmyooPowerDriver().device(of: machine("PC02"), context: context(fake)))
        #expect(pc02.id == "MCU-PC02" && pc02.note == "二号机（离线）" && !pc02.online)
    }

    @Test func querydevicesIsCachedBriefly() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        let cached = SmyooPowerDriver(cacheFor: .seconds(600))
        #expect(await cached.state(of: machine("pc01"), context: context(fake)) == .off)
        #expect(await cached.state(of: machine("pc01"), context: context(fake)) == .off)
        #expect(try await fake.calls(to: SmyooAPI.queryDevices).count == 1)
        try await cached.perform(.on, on: machine("pc01"), context: context(fake))
        #expect(await cached.state(of: machine("pc01"), context: context(fake)) == .on, "a switch drops the cache")
        let uncached = SmyooPowerDriver(cacheFor: .zero)
        _ = await uncached.state(of: machine("pc01"), context: context(fake))
        _ = await uncached.state(of: machine("pc01"), context: context(fake))
        #expect(try await fake.calls(to: SmyooAPI.queryDevices).count == 4)
    }

    @Test func anExpiredSessionIsRenewedOnce() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        let driver = SmyooPowerDriver(cacheFor: .zero)
        try await driver.perform(.on, on: machine("pc01"), context: context(fake))
        try await fake.control(#"{"expireSessions": true}"#)
        try await driver.perform(.off, on: machine("pc01"), context: context(fake))
        #expect(try await fake.status(of: "MCU-PC01") == 0)
        #expect(try await fake.calls(to: SmyooAPI.login).count == 2)
    }

    @Test func aSessionThatCannotBeRenewedIsAnAuthenticationFailure() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        let driver = SmyooPowerDriver(cacheFor: .zero)
        try await driver.perform(.on, on: machine("pc01"), context: context(fake))
        try await fake.control(#"{"expireSessions": true, "password": "changed-in-the-app"}"#)
        await #expect {
            try await driver.perform(.off, on: machine("pc01"), context: context(fake))
        } throws: { error in
            guard case DriverError.authenticationFailed(let why) = error else { return false }
            return why.contains("账号或密码错误")
        }
        // Through the service: the session error the doors turn into 1203 / 502.
        let account = context(fake).settings.smyoo
        let service = PowerService(drivers: [driver], settings: { Settings(power: PowerSettings(smyoo: account)) }, record: { _ in })
        await #expect {
            try await service.perform(.off, on: machine("pc01"), actor: "test")
        } throws: { error in
            if case PowerServiceError.sessionInvalid = error { return true } else { return false }
        }
    }

    @Test func anOfflineCardAnswersItsOwnChineseMessage() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        await #expect {
            try await SmyooPowerDriver().perform(.on, on: machine("pc02"), context: context(fake))
        } throws: { error in
            guard case DriverError.commandFailed(let command, _, let output) = error else { return false }
            return command.contains("setdevicedata") && output == "设备不在线"
        }
    }

    @Test(arguments: [("nonjson", "not JSON"), ("5xx", "http 502")])
    func aBrokenAnswerIsAClearFailure(kind: String, words: String) async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        try await fake.control(#"{"fault": {"path": "api/gfriend/querydevices", "kind": "\#(kind)", "times": 5}}"#)
        await #expect {
            try await SmyooPowerDriver().perform(.on, on: machine("pc01"), context: context(fake))
        } throws: { error in
            guard case DriverError.commandFailed(let command, _, let output) = error else { return false }
            return command.contains("querydevices") && output.contains(words)
        }
    }

    @Test func aCloudThatNeverAnswersTimesOutWithinThePowerTimeout() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        try await fake.control(#"{"fault": {"path": "api/gfriend/setdevicedata", "kind": "hang"}}"#)
        await #expect {
            try await SmyooPowerDriver().perform(.on, on: machine("pc01"), context: context(fake, timeout: 1))
        } throws: { error in
            if case DriverError.timedOut = error { return true } else { return false }
        }
    }

    @Test func noCardAndNoAccountAreNamed() async throws {
        let fake = try await SmyooFake()
        defer { fake.stop() }
        await #expect(throws: DriverError.notFound("no smyoo card named \"pc99\" (mcuname) in the account")) {
            try await SmyooPowerDriver().perform(.on, on: machine("pc99"), context: context(fake))
        }
        await #expect {
            try await SmyooPowerDriver().perform(.on, on: machine("pc01"), context: context(fake, password: ""))
        } throws: { error in
            if case DriverError.authenticationFailed = error { return true } else { return false }
        }
        await #expect(throws: DriverError.self) {
            try await SmyooPowerDriver().perform(.reboot, on: machine("pc01"), context: context(fake))
        }
    }
}

@Suite struct SmyooAPITests {
    @Test func mcuinfosAndDatapointAreJSONInsideStrings() throws {
        let inner = #"[{"mcuid":"A1","mcuname":"pc01","note":"一号","isonline":"1","datapoint":"{\"status\":1}"},{"mcuid":7,"isonline":0}]"#
        let data = try JSONSerialization.data(withJSONObject: ["resultCode": "0", "resultMsg": "成功", "data": ["mcuinfos": inner]])
        let answer = try SmyooAPI.answer(data)
        #expect(answer.code == 0 && answer.message == "成功")
        let cards = try SmyooAPI.cards(answer.data)
        #expect(cards == [SmyooCard(mcuid: "A1", name: "pc01", note: "一号", online: true, status: 1),
                          SmyooCard(mcuid: "7", name: "", note: "", online: false, status: nil)])
    }

    @Test func answersThatAreNotJSONAreRefused() {
        #expect(throws: SmyooAPI.AnswerError.self) { try SmyooAPI.answer(Data("<html>".utf8)) }
        #expect(throws: SmyooAPI.AnswerError.noResultCode) { try SmyooAPI.answer(Data(#"{"data":{}}"#.utf8)) }
        #expect(throws: SmyooAPI.AnswerError.self) { try SmyooAPI.cards(["mcuinfos": "[not json"]) }
    }

    @Test func everyBodyCarriesTheAppIdentity() throws {
        let body = try #require(try JSONSerialization.jsonObject(with: SmyooAPI.body(SmyooAPI.setDeviceData, ["mcuid": "A1"])) as? [String: Any])
        #expect(body["appId"] as? Int == 1314 && body["endpointOS"] as? Int == 1 && body["clientVersion"] as? String == "")
        #expect(body["deviceId"] as? String == "D6AB6C159B1FE1F8EF33109CDEE0D9AD" && body["context"] as? String == "A3C64845E49049BF8EA4027B6828CEF1")
        let login = try #require(try JSONSerialization.jsonObject(with: SmyooAPI.body(SmyooAPI.login)) as? [String: Any])
        #expect(login["context"] == nil)
    }
}

import Domain
import Foundation
import Testing

/// Documents stored before the Smyoo driver existed (machines' `power` JSON column, the settings
/// document) decode unchanged: `mcuid` and `power.smyoo` are optional, so no data migration.
@Suite struct StoredDocumentTests {
    @Test func aPowerColumnWithoutMcuidDecodes() throws {
        let old = #"{"driver":"webhook","agentShutdownFirst":true,"webhookURL":"http://plug/x"}"#
        let p = try JSONDecoder().decode(PowerConfig.self, from: Data(old.utf8))
        #expect(p.driver == .webhook && p.mcuid == nil)
        let new = PowerConfig(driver: .smyoo, mcuid: "MCU-1")
        #expect(try JSONDecoder().decode(PowerConfig.self, from: JSONEncoder().encode(new)) == new)
    }

    @Test func settingsWithoutTheSmyooSectionDecodeWithItsDefaults() throws {
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(Settings())) as? [String: Any])
        var power = try #require(json["power"] as? [String: Any])
        power["smyoo"] = nil
        json["power"] = power
        let decoded = try JSONDecoder().decode(Settings.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.power.smyoo == SmyooSettings())
        #expect(decoded.power.smyoo.baseURL == "https://auth.smyoo.com" && decoded.power.smyoo.password == nil)
    }

    @Test func theStoredPasswordRoundTripsButTheRedactedDocumentHasNone() throws {
        var s = Settings()
        s.power.smyoo = SmyooSettings(baseURL: "http://127.0.0.1:1", phone: "13800000000", password: "pw-ok")
        #expect(try JSONDecoder().decode(Settings.self, from: JSONEncoder().encode(s)).power.smyoo.password == "pw-ok")
        let shown = String(decoding: try JSONEncoder().encode(s.redacted()), as: UTF8.self)
        #expect(!shown.contains("pw-ok") && shown.contains(#""passwordSet":true"#))
    }

    @Test func everyDriverButWakeOnLANCanSwitchOff() {
        #expect(PowerDriverKind.able(to: .off) == [.agent, .ipmi, .webhook, .smyoo])
        #expect(PowerDriverKind.wol.actions == [.on] && PowerDriverKind.none.actions.isEmpty)
    }
}

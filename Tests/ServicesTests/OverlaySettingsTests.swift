import Domain
import Foundation
import Services
import Testing

/// Settings `iscsi.builtin`: the overlay directory and the per-machine overlay cap.
@Suite struct OverlaySettingsTests {
    @Test func badDirectoriesAndCapsNameTheirField() async throws {
        let s = try ServiceContainer.temporary()
        for dir in ["overlays", "/srv/../etc", "/", "/srv/over lays"] {
            var d = Settings()
            d.iscsi.builtin.overlayDirectory = dir
            #expect(s.settings.check(d).map(\.field) == ["iscsi.builtin.overlayDirectory"], "\(dir)")
        }
        for cap in [-1, 16_777_217] {
            var d = Settings()
            d.iscsi.builtin.overlayCapMiB = cap
            #expect(s.settings.check(d).map(\.field) == ["iscsi.builtin.overlayCapMiB"], "\(cap)")
        }
        var d = Settings()
        d.iscsi.builtin = BuiltinTargetSettings(overlayDirectory: "/srv/ssd/overlays", overlayCapMiB: 4096)
        #expect(s.settings.check(d).isEmpty)
    }

    @Test func aNewDirectoryIsRefusedWhileOverlaysExistNamingTheCount() async throws {
        let s = try ServiceContainer.temporary()
        let current = (s.config.dataDir as NSString).appendingPathComponent("overlays")
        try FileManager.default.createDirectory(atPath: current, withIntermediateDirectories: true)
        for name in ["dl_m1_img1--dl_img1_v1", "dl_m2_img1--dl_img1_v1"] {
            #expect(FileManager.default.createFile(atPath: "\(current)/\(name).overlay", contents: Data()))
            #expect(FileManager.default.createFile(atPath: "\(current)/\(name).map", contents: Data()))
        }
        var d = try await s.settings.get()
        d.iscsi.builtin.overlayDirectory = "/srv/ssd/overlays"
        do {
            _ = try await s.settings.update(d, by: admin)
            Issue.record("a new overlay directory was accepted while 2 overlays exist")
        } catch let ServiceError.validation(e) {
            #expect(e.errors.map(\.field) == ["iscsi.builtin.overlayDirectory"])
            #expect(e.errors.first?.message.contains("2 overlays exist in \(current)") == true, "\(e.errors)")
        }
        #expect(try await s.settings.get().revision == 1, "nothing stored")

        // The same directory spelt out, and a new cap, change no overlay's home: accepted.
        d.iscsi.builtin = BuiltinTargetSettings(overlayDirectory: current, overlayCapMiB: 2048)
        let saved = try await s.settings.update(d, by: admin)
        #expect(saved.iscsi.builtin.overlayCapMiB == 2048)

        // Once the overlays are gone the directory may move.
        for name in try FileManager.default.contentsOfDirectory(atPath: current) {
            try FileManager.default.removeItem(atPath: "\(current)/\(name)")
        }
        d = try await s.settings.get()
        d.iscsi.builtin.overlayDirectory = "/srv/ssd/overlays"
        #expect(try await s.settings.update(d, by: admin).iscsi.builtin.overlayDirectory == "/srv/ssd/overlays")
    }

    @Test func documentsSavedBeforeTheSectionDecodeWithItsDefaults() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Settings())) as! [String: Any]
        var iscsi = json["iscsi"] as! [String: Any]
        iscsi.removeValue(forKey: "builtin")
        json["iscsi"] = iscsi
        let decoded = try JSONDecoder().decode(Settings.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.iscsi.builtin == BuiltinTargetSettings())
        #expect(decoded == Settings())
    }

    @Test func theSettingWinsOverTheEnvironmentWhichWinsOverTheDefault() {
        let env = ["DISKLESSD_OVERLAY_DIR": "/mnt/tmpfs/overlays", "DISKLESSD_OVERLAY_CAP_MIB": "512"]
        let unset = BuiltinTargetSettings()
        #expect(unset.overlayRoot(dataDir: "/var/lib/disklessd", environment: [:]) == "/var/lib/disklessd/overlays")
        #expect(unset.overlayRoot(dataDir: "/var/lib/disklessd", environment: env) == "/mnt/tmpfs/overlays")
        #expect(unset.overlayCapBytes(environment: [:]) == nil)
        #expect(unset.overlayCapBytes(environment: env) == 512 << 20)
        let set = BuiltinTargetSettings(overlayDirectory: "/srv/ssd/overlays", overlayCapMiB: 1024)
        #expect(set.overlayRoot(dataDir: "/var/lib/disklessd", environment: env) == "/srv/ssd/overlays")
        #expect(set.overlayCapBytes(environment: env) == 1024 << 20)
    }
}

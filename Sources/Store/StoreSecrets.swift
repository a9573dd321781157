import Domain
import GRDB
import Secrets

/// Secrets stored sealed (`SecretBox`, AES-256-GCM under `<data-dir>/secrets.key`): machines'
/// CHAP secret column and, inside the power JSON, the IPMI password and the webhook URL (which
/// often carries a token); the Smyoo account password in the settings document. Rows hold them
/// only in sealed form; values read back are plain.
enum StoreSecrets {
    static func seal(_ value: String?, _ box: SecretBox) throws -> String? {
        guard let value, !SecretBox.isSealed(value) else { return value }
        do { return try box.seal(value) } catch { throw StoreError.corrupt("cannot seal a secret: \(error)") }
    }

    static func open(_ value: String?, _ box: SecretBox, column: String) throws -> String? {
        guard let value else { return nil }
        do { return try box.open(value) } catch { throw StoreError.corrupt("\(column): \(error)") }
    }

    static func seal(_ power: PowerConfig, _ box: SecretBox) throws -> PowerConfig {
        var p = power
        p.ipmiPassword = try seal(p.ipmiPassword, box)
        p.webhookURL = try seal(p.webhookURL, box)
        return p
    }

    static func open(_ power: PowerConfig, _ box: SecretBox) throws -> PowerConfig {
        var p = power
        p.ipmiPassword = try open(p.ipmiPassword, box, column: "machines.power.ipmiPassword")
        p.webhookURL = try open(p.webhookURL, box, column: "machines.power.webhookURL")
        return p
    }

    static func seal(_ settings: Settings, _ box: SecretBox) throws -> Settings {
        var s = settings
        s.power.smyoo.password = try seal(s.power.smyoo.password, box)
        return s
    }

    static func open(_ settings: Settings, _ box: SecretBox) throws -> Settings {
        var s = settings
        s.power.smyoo.password = try open(s.power.smyoo.password, box, column: "settings.power.smyoo.password")
        return s
    }

    /// Migration: seals every secret a database from before encryption holds in plain text.
    static func sealExisting(_ db: Database, _ box: SecretBox) throws {
        if let text = try String.fetchOne(db, sql: "SELECT document FROM settings WHERE id = 1") {
            let settings = try JSONColumn.decode(Settings.self, from: text, column: "settings.document")
            try db.execute(sql: "UPDATE settings SET document = ? WHERE id = 1",
                           arguments: [try JSONColumn.encode(try seal(settings, box))])
        }
        for row in try Row.fetchAll(db, sql: "SELECT id, chapSecret, power FROM machines") {
            let id: Int64 = try row.value("id")
            let chap: String? = row.optional("chapSecret")
            let power = try JSONColumn.decode(PowerConfig.self, from: try row.value("power"), column: "machines.power")
            try db.execute(sql: "UPDATE machines SET chapSecret = ?, power = ? WHERE id = ?",
                           arguments: [try seal(chap, box), try JSONColumn.encode(try seal(power, box)), id])
        }
    }
}

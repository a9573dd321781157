import Domain
import Foundation
import Store
import TestSupport
import Testing

/// Files and secrets at rest (issue 15, item 11): real SQLite files; the `sqlite3` command reads
/// them as someone who copied the database would.
@Suite struct SecretsAtRestTests {
    let chap = "chapsecret-XY12"
    let ipmi = "ipmi-pass-Q9"
    let hook = "http://plug.lan/switch?token=hooktoken-77"

    func dataDir() -> String { NSTemporaryDirectory() + "disklessd-atrest-\(UUID().uuidString)/data" }

    func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    func machine() -> Machine {
        Machine(name: "pc1", mac: MACAddress("52:54:00:aa:00:01")!,
                power: PowerConfig(driver: .ipmi, ipmiHost: "10.0.0.9", ipmiUser: "admin", ipmiPassword: ipmi, webhookURL: hook),
                chapSecret: chap)
    }

    /// `sqlite3 <db> <sql>`: stdout. The child runs off the cooperative pool.
    func sqlite(_ db: String, _ sql: String) async throws -> String {
        String(decoding: try await runTool(path: "/usr/bin/sqlite3", arguments: [db, sql]), as: UTF8.self)
    }

    /// Every byte of the database and its WAL.
    func rawBytes(_ db: String) -> String {
        [db, db + "-wal"].compactMap { FileManager.default.contents(atPath: $0) }
            .map { String(decoding: $0, as: UTF8.self) }.joined()
    }

    @Test func secretsAreSealedOnDiskAndFilesAreOwnerOnly() async throws {
        let dir = dataDir()
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let store = try AppStore.open(dataDir: dir)
        let stored = try await store.write { tx in try tx.insertMachine(machine()) }
        let back = try #require(try await store.read { tx in try tx.machine(id: stored.id) })
        #expect(back.chapSecret == chap && back.power.ipmiPassword == ipmi && back.power.webhookURL == hook)

        var settings = Settings()
        settings.power.smyoo = SmyooSettings(phone: "13800000000", password: "smyoo-pass-31")
        try await store.write { [settings] tx in try tx.saveSettings(settings, now: Date()) }
        #expect(try await store.read { tx in try tx.settings()?.power.smyoo.password } == "smyoo-pass-31")

        let raw = rawBytes(store.path)
        for secret in [chap, ipmi, "hooktoken-77", "smyoo-pass-31"] { #expect(!raw.contains(secret), "\(secret) is in the database file in plain text") }
        #expect(mode(dir) == 0o700)
        for file in [store.path, store.path + "-wal", store.path + "-shm", dir + "/secrets.key"] {
            #expect(mode(file) == 0o600, "\(file) is \(String(mode(file), radix: 8))")
        }
    }

    /// A database of an older version: plain secrets, 0755/0644 files. Opening it seals the
    /// secrets (migration v3) and narrows the modes.
    @Test func anOlderDatabaseIsSealedAndNarrowedOnOpen() async throws {
        let dir = dataDir()
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        let db = dir + "/disklessd.sqlite"
        do {
            let store = try AppStore.open(dataDir: dir)
            _ = try await store.write { tx in try tx.insertMachine(machine()) }
        }
        let power = #"{"agentShutdownFirst":true,"driver":"ipmi","ipmiHost":"10.0.0.9","ipmiPassword":"\#(ipmi)","ipmiUser":"admin","webhookURL":"\#(hook)"}"#
        _ = try await sqlite(db, "UPDATE machines SET chapSecret = '\(chap)', power = '\(power)'; DELETE FROM grdb_migrations WHERE identifier = 'v3-seal-secrets'; PRAGMA wal_checkpoint(TRUNCATE);")
        #expect(try await sqlite(db, "SELECT chapSecret FROM machines").contains(chap), "the old-version database holds the plain secret")
        chmod(dir, 0o755)
        chmod(db, 0o644)

        let store = try AppStore.open(dataDir: dir)
        #expect(try await store.appliedMigrations().contains("v3-seal-secrets"))   // ran again (v4 may follow it)
        let back = try #require(try await store.read { tx in try tx.machine(named: "pc1") })
        #expect(back.chapSecret == chap && back.power.ipmiPassword == ipmi && back.power.webhookURL == hook)
        let dump = try await sqlite(db, "SELECT chapSecret, power FROM machines")
        #expect(dump.contains("enc:v1:"))
        for secret in [chap, ipmi, "hooktoken-77"] { #expect(!dump.contains(secret), "\(secret) still plain after the migration") }
        #expect(mode(dir) == 0o700 && mode(db) == 0o600)
    }

    @Test func anotherKeyDoesNotOpenTheSecrets() async throws {
        let dir = dataDir()
        defer { try? FileManager.default.removeItem(atPath: (dir as NSString).deletingLastPathComponent) }
        do {
            let store = try AppStore.open(dataDir: dir)
            _ = try await store.write { tx in try tx.insertMachine(machine()) }
        }
        try Data(repeating: 9, count: 32).write(to: URL(fileURLWithPath: dir + "/secrets.key"))
        let store = try AppStore.open(dataDir: dir)
        await #expect(throws: StoreError.self) { _ = try await store.read { tx in try tx.machine(named: "pc1") } }
    }
}

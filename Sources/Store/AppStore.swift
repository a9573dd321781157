import Foundation
import GRDB
import Telemetry
import Secrets

/// The disklessd database: one SQLite file in WAL mode behind a GRDB `DatabasePool`
/// (one writer, concurrent readers), foreign keys on, migrated to the current schema on open.
/// The file, its -wal/-shm companions and the secret key file next to it (`secrets.key`, which
/// seals the secret columns) are 0600.
public final class AppStore: Sendable {
    let pool: DatabasePool
    let secrets: SecretBox
    /// Counts commits that may change a boot script (`bootInputsGeneration`).
    let bootInputs = BootInputsObserver()
    /// Path of the SQLite file.
    public let path: String

    /// The key file that seals secrets: next to the database.
    public static func keyPath(database path: String) -> String {
        ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("secrets.key")
    }

    /// Opens (creating and migrating as needed) the database at `path`.
    public init(path: String) throws {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Writers wait for each other instead of failing with SQLITE_BUSY.
        config.busyMode = .timeout(10)
        config.label = "disklessd"
        do {
            secrets = try SecretBox.keyFile(at: Self.keyPath(database: path))
        } catch {
            throw StoreError.database("\(error)")
        }
        // SQLite creates the file 0644 and gives -wal/-shm the database's mode: make it 0600 first.
        try FileModes.ownerOnly(file: path, create: true)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            try Schema.migrator(secrets: secrets).migrate(pool)
            pool.add(transactionObserver: bootInputs)
        } catch {
            throw StoreError.map(error)
        }
        for companion in [path + "-wal", path + "-shm"] { try FileModes.ownerOnly(file: companion, create: false) }
        self.path = path
    }

    /// Opens `<dataDir>/disklessd.sqlite`, creating `dataDir` (0700) when missing.
    public static func open(dataDir: String) throws -> AppStore {
        try FileModes.ownerOnly(directory: dataDir)
        return try AppStore(path: (dataDir as NSString).appendingPathComponent("disklessd.sqlite"))
    }

    /// A fresh database in a new temporary directory, for tests. The directory is left for the OS to clean.
    public static func temporary() throws -> AppStore {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("disklessd-test-\(UUID().uuidString)")
        return try open(dataDir: dir)
    }

    /// Runs `body` on a reader (a consistent snapshot; may run concurrently with writes).
    public func read<T: Sendable>(_ body: @Sendable (StoreTx) throws -> T) async throws -> T {
        do {
            return try await Telemetry.timed({ Telemetry.database("read", in: $0) }) {
                try await pool.read { [secrets] db in try body(StoreTx(db: db, secrets: secrets)) }
            }
        } catch {
            throw StoreError.map(error)
        }
    }

    /// Runs `body` in one write transaction: everything it does commits together or, when it
    /// throws, nothing does. Errors thrown by `body` come out unchanged; SQLite's become `StoreError`.
    public func write<T: Sendable>(_ body: @Sendable (StoreTx) throws -> T) async throws -> T {
        do {
            return try await Telemetry.timed({ Telemetry.database("write", in: $0) }) {
                try await pool.write { [secrets] db in try body(StoreTx(db: db, secrets: secrets)) }
            }
        } catch {
            throw StoreError.map(error)
        }
    }

    /// The names of the applied migrations, oldest first.
    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Schema.migrator(secrets: secrets).appliedMigrations(db) }
    }

    /// SQLite's journal mode (`wal`) and whether foreign keys are enforced, for tests and `disklessd check`.
    public func pragmas() async throws -> (journalMode: String, foreignKeys: Bool) {
        try await pool.read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "", try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false)
        }
    }

    /// SQLite's plan for `sql` (the `detail` column of `EXPLAIN QUERY PLAN`), for tests that
    /// check a query reads an index instead of scanning or sorting the whole table.
    public func queryPlan(_ sql: String) async throws -> [String] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { row in (row["detail"] as String?) ?? "" }
        }
    }

    /// Tables in the database, for tests and `disklessd check`.
    public func tableNames() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
    }
}

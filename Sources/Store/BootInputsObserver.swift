import Foundation
import GRDB

/// Counts committed changes to what a boot script is made of, so a rendered script can be kept
/// until the count moves (`AppStore.bootInputsGeneration`). Everything counts except the tables
/// and columns written on every boot, login or API call, which no script reads: the events,
/// sessions, jobs, discoveries, users and tokens, and a machine's status, boot phase and boot time
/// (written by `BootPhaseLog` every 200 ms in a storm). A table added later counts by default:
/// a script can only be kept too briefly, never too long.
final class BootInputsObserver: TransactionObserver, @unchecked Sendable {
    /// Tables no boot script reads.
    static let ignoredTables: Set<String> = ["events", "sessions", "jobs", "discovered_machines", "users", "api_tokens"]
    /// Columns of `machines` no boot script reads.
    static let ignoredMachineColumns: Set<String> = ["status", "lastBootAt", "lastBootPhase"]

    private let lock = NSLock()
    private var count: UInt64 = 0
    /// Set by a change in the open transaction (writer queue only).
    private var changed = false
    /// `PRAGMA data_version` of the writer connection when last looked at: moves only when another
    /// connection (another process: `disklessd import-seed`, `user`) commits.
    private var dataVersion: Int?

    /// Changes committed so far.
    var generation: UInt64 { lock.withLock { count } }

    func bump() { lock.withLock { count &+= 1 } }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool {
        switch eventKind {
        case .insert(let table), .delete(let table):
            return !Self.ignoredTables.contains(table)
        case .update(let table, let columns):
            if Self.ignoredTables.contains(table) { return false }
            return table != "machines" || !columns.isSubset(of: Self.ignoredMachineColumns)
        }
    }

    func databaseDidChange(with event: DatabaseEvent) {
        changed = true
        // One change is enough to know: no per-row calls for the rest of the transaction.
        stopObservingDatabaseChangesUntilNextTransaction()
    }

    func databaseDidCommit(_ db: Database) {
        if changed { bump() }
        changed = false
    }

    func databaseDidRollback(_ db: Database) {
        changed = false
    }

    /// Bumps the count when another connection committed since the last look (`db`: the writer).
    func checkOtherConnections(_ db: Database) throws {
        let version = try Int.fetchOne(db, sql: "PRAGMA data_version")
        if let seen = dataVersion, seen != version { bump() }
        dataVersion = version
    }
}

extension AppStore {
    /// Moves after every commit that may change a boot script (`BootInputsObserver`): a script
    /// rendered from data read after this value was taken stays right until it moves. Commits
    /// of other processes are seen at the next `checkOtherWriters()`.
    public var bootInputsGeneration: UInt64 { bootInputs.generation }

    /// Looks whether another process committed to the database since the last call (one
    /// `PRAGMA data_version` on the writer connection) and moves `bootInputsGeneration` if so.
    public func checkOtherWriters() async {
        try? await pool.writeWithoutTransaction { [bootInputs] db in try bootInputs.checkOtherConnections(db) }
    }
}

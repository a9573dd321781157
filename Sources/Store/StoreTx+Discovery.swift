import Domain
import Foundation
import GRDB

extension StoreTx {
    /// Records that `mac` tried to boot: inserts it or refreshes lastSeenAt, ip, via and platform.
    public func upsertDiscovered(mac: MACAddress, ip: IPv4Address?, via: String, platform: String?, at time: Date) throws {
        try db.execute(sql: """
            INSERT INTO discovered_machines (mac, ip, firstSeenAt, lastSeenAt, via, platform) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (mac) DO UPDATE SET ip = COALESCE(excluded.ip, ip), lastSeenAt = excluded.lastSeenAt,
                via = excluded.via, platform = COALESCE(excluded.platform, platform)
            """, arguments: [mac.description, ip?.description, time, time, via, platform])
    }

    /// Discovered machines, most recently seen first.
    public func discovered() throws -> [DiscoveredMachine] {
        try Row.fetchAll(db, sql: "SELECT * FROM discovered_machines ORDER BY lastSeenAt DESC, mac").map(discovered(row:))
    }

    public func discovered(mac: MACAddress) throws -> DiscoveredMachine? {
        try Row.fetchOne(db, sql: "SELECT * FROM discovered_machines WHERE mac = ?", arguments: [mac.description]).map(discovered(row:))
    }

    @discardableResult
    public func deleteDiscovered(mac: MACAddress) throws -> Bool {
        try db.execute(sql: "DELETE FROM discovered_machines WHERE mac = ?", arguments: [mac.description])
        return db.changesCount > 0
    }

    private func discovered(row: Row) throws -> DiscoveredMachine {
        let macText: String = try row.value("mac")
        guard let mac = MACAddress(macText) else { throw StoreError.corrupt("discovered_machines.mac \(macText)") }
        let ip: String? = row.optional("ip")
        return DiscoveredMachine(mac: mac, ip: ip.flatMap { IPv4Address($0) }, firstSeenAt: try row.value("firstSeenAt"),
                                 lastSeenAt: try row.value("lastSeenAt"), via: try row.value("via"), platform: row.optional("platform"))
    }
}

extension StoreTx {
    /// Deletes the least recently seen discovered machines beyond the newest `keep`; returns how many.
    @discardableResult
    public func trimDiscovered(keep: Int) throws -> Int {
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM discovered_machines") ?? 0
        guard count > keep else { return 0 }
        try db.execute(sql: """
            DELETE FROM discovered_machines WHERE mac IN (
                SELECT mac FROM discovered_machines ORDER BY lastSeenAt ASC, mac LIMIT ?)
            """, arguments: [count - keep])
        return db.changesCount
    }

    /// Number of discovered machines.
    public func discoveredCount() throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM discovered_machines") ?? 0
    }
}

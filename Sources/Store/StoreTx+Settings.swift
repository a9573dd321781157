import Domain
import Foundation
import GRDB

extension StoreTx {
    /// The stored settings document (its `revision` is the stored one), or nil when never saved.
    public func settings() throws -> Settings? {
        guard let row = try Row.fetchOne(db, sql: "SELECT document, revision FROM settings WHERE id = 1") else { return nil }
        var s = try StoreSecrets.open(try JSONColumn.decode(Settings.self, from: try row.value("document"), column: "settings.document"),
                                      secrets)
        s.revision = try row.value("revision")
        return s
    }

    /// The stored settings' revision alone (nil when never saved): every save raises it, so it
    /// tells whether a settings document decoded earlier is still the stored one.
    public func settingsRevision() throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT revision FROM settings WHERE id = 1")
    }

    /// Stores `settings` as the one document, with its `revision`.
    public func saveSettings(_ settings: Settings, now: Date) throws {
        try db.execute(sql: """
            INSERT INTO settings (id, document, revision, updatedAt) VALUES (1, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET document = excluded.document, revision = excluded.revision, updatedAt = excluded.updatedAt
            """, arguments: [try JSONColumn.encode(try StoreSecrets.seal(settings, secrets)), settings.revision, now])
    }
}

extension StoreTx {
    /// Volumes the storage driver holds for the records: one per image version, plus one disk per
    /// machine and image its iSCSI menu carries (an image with a version only: a machine disk is
    /// a clone of one). What a change of storage root or driver would leave behind.
    public func volumeCount() throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT (SELECT COUNT(*) FROM image_versions) + (SELECT COUNT(*) FROM (
                SELECT mbi.machineId, bi.osImage AS imageId FROM machine_boot_items mbi
                    JOIN boot_items bi ON bi.id = mbi.bootItemId
                    WHERE bi.kind = 'iscsi' AND bi.osImage IS NOT NULL
                UNION
                SELECT mbi.machineId, d.imageId FROM machine_boot_items mbi
                    JOIN boot_items bi ON bi.id = mbi.bootItemId
                    JOIN boot_item_data_images d ON d.bootItemId = bi.id
                    WHERE bi.kind = 'iscsi'
            ) disks JOIN images i ON i.id = disks.imageId AND i.currentVersion IS NOT NULL)
            """) ?? 0
    }
}

import Domain
import Foundation
import GRDB

extension StoreTx {
    /// The boot item with `id`, or nil.
    public func bootItem(id: Int64) throws -> BootItem? {
        try bootItems(where: "id = ?", [id]).first
    }

    /// The boot item named `name` (case-insensitive), or nil.
    public func bootItem(named name: String) throws -> BootItem? {
        try bootItems(where: "name = ?", [name]).first
    }

    /// Every boot item, by name.
    public func allBootItems() throws -> [BootItem] {
        try bootItems(where: "1", [])
    }

    /// True when a boot item with `id` exists.
    public func bootItemExists(id: Int64) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM boot_items WHERE id = ?)", arguments: [id]) ?? false
    }

    /// Inserts `item` (id ignored); returns it with the new id.
    public func insertBootItem(_ item: BootItem, now: Date) throws -> BootItem {
        try db.execute(sql: """
            INSERT INTO boot_items (name, label, kind, osImage, sanFilename, files, kernel, initrd, cmdline, url, revision,
                osFamily, clearGateway, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments(try columns(of: item) + [now, now]))
        var stored = item
        stored.id = db.lastInsertedRowID
        try replaceDataImages(stored)
        return stored
    }

    /// Writes every field of `item` (matched by id). False when it does not exist.
    @discardableResult
    public func updateBootItem(_ item: BootItem, now: Date) throws -> Bool {
        try db.execute(sql: """
            UPDATE boot_items SET name = ?, label = ?, kind = ?, osImage = ?, sanFilename = ?, files = ?, kernel = ?,
                initrd = ?, cmdline = ?, url = ?, revision = ?, osFamily = ?, clearGateway = ?, updatedAt = ? WHERE id = ?
            """, arguments: StatementArguments(try columns(of: item) + [now, item.id]))
        guard db.changesCount > 0 else { return false }
        try replaceDataImages(item)
        return true
    }

    /// Deletes boot item `id`. False when it did not exist; `.foreignKey` while a machine uses it.
    @discardableResult
    public func deleteBootItem(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM boot_items WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    private func columns(of b: BootItem) throws -> Arguments {
        [b.name, b.label, b.kind.rawValue, b.osImage, b.sanFilename, try JSONColumn.encode(b.files), b.kernel, b.initrd,
         b.cmdline, b.url, b.revision, b.osFamily?.rawValue, b.clearGateway]
    }

    private func replaceDataImages(_ item: BootItem) throws {
        try db.execute(sql: "DELETE FROM boot_item_data_images WHERE bootItemId = ?", arguments: [item.id])
        for (position, image) in item.dataImages.enumerated() {
            try db.execute(sql: "INSERT INTO boot_item_data_images (bootItemId, position, imageId) VALUES (?, ?, ?)",
                           arguments: [item.id, position, image])
        }
    }

    private func bootItems(where condition: String, _ args: Arguments) throws -> [BootItem] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM boot_items WHERE \(condition) ORDER BY name COLLATE NOCASE, id",
                                    arguments: StatementArguments(args))
        return try rows.map { row in
            let id: Int64 = try row.value("id")
            let data = try Int64.fetchAll(db, sql: "SELECT imageId FROM boot_item_data_images WHERE bootItemId = ? ORDER BY position",
                                          arguments: [id])
            return BootItem(id: id, name: try row.value("name"), label: try row.value("label"), kind: try row.enumValue("kind"),
                            osImage: row.optional("osImage"), dataImages: data, sanFilename: row.optional("sanFilename"),
                            osFamily: try row.optionalEnumValue("osFamily"), clearGateway: try row.value("clearGateway"),
                            files: try JSONColumn.decode([String].self, from: try row.value("files"), column: "boot_items.files"),
                            kernel: row.optional("kernel"), initrd: row.optional("initrd"), cmdline: row.optional("cmdline"),
                            url: row.optional("url"), revision: try row.value("revision"))
        }
    }
}

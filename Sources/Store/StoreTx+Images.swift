import Domain
import Foundation
import GRDB

extension StoreTx {
    /// The image with `id` and its versions, or nil.
    public func image(id: Int64) throws -> Image? {
        try images(where: "id = ?", [id]).first
    }

    /// The image named `name` (case-insensitive), or nil.
    public func image(named name: String) throws -> Image? {
        try images(where: "name = ?", [name]).first
    }

    /// One page of images by name, and the total.
    public func images(limit: Int = -1, offset: Int = 0, kind: ImageKind? = nil) throws -> (items: [Image], total: Int) {
        let condition = kind == nil ? "1" : "kind = ?"
        let args: Arguments = kind.map { [$0.rawValue] } ?? []
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM images WHERE \(condition)", arguments: StatementArguments(args)) ?? 0
        return (try images(where: condition, args, limit: limit, offset: offset), total)
    }

    /// Inserts `image` (id ignored) with its versions; returns it with the new id.
    public func insertImage(_ image: Image) throws -> Image {
        try db.execute(sql: """
            INSERT INTO images (name, kind, sizeBytes, description, currentVersion, state, maintenanceMachine,
                createdAt, updatedAt, revision, workingChanged) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: StatementArguments(columns(of: image)))
        var stored = image
        stored.id = db.lastInsertedRowID
        try replaceVersions(stored)
        return stored
    }

    /// Writes every column of `image` (matched by id) and its versions. False when it does not exist.
    @discardableResult
    public func updateImage(_ image: Image) throws -> Bool {
        try db.execute(sql: """
            UPDATE images SET name = ?, kind = ?, sizeBytes = ?, description = ?, currentVersion = ?, state = ?,
                maintenanceMachine = ?, createdAt = ?, updatedAt = ?, revision = ?, workingChanged = ? WHERE id = ?
            """, arguments: StatementArguments(columns(of: image) + [image.id]))
        guard db.changesCount > 0 else { return false }
        try replaceVersions(image)
        return true
    }

    /// Deletes the image with `id`. False when it did not exist. Fails with `.foreignKey` while a boot item uses it.
    @discardableResult
    public func deleteImage(id: Int64) throws -> Bool {
        try db.execute(sql: "DELETE FROM images WHERE id = ?", arguments: [id])
        return db.changesCount > 0
    }

    /// Marks the working copies of `ids` as written since their last commit (a super workstation
    /// wrote them). Does not bump the revision: the record did not change, its disk did.
    public func markWorkingChanged(imageIDs ids: [Int64]) throws {
        for id in ids { try db.execute(sql: "UPDATE images SET workingChanged = 1 WHERE id = ?", arguments: [id]) }
    }

    /// Names of the boot items that boot image `id` or attach it as a data disk.
    public func bootItemNames(usingImage id: Int64) throws -> [String] {
        try String.fetchAll(db, sql: """
            SELECT name FROM boot_items WHERE osImage = ?
               OR id IN (SELECT bootItemId FROM boot_item_data_images WHERE imageId = ?)
            ORDER BY name COLLATE NOCASE
            """, arguments: [id, id])
    }

    private func columns(of i: Image) -> Arguments {
        [i.name, i.kind.rawValue, i.sizeBytes, i.description, i.currentVersion, i.state.rawValue, i.maintenanceMachine,
         i.createdAt, i.updatedAt, i.revision, i.workingChanged]
    }

    private func replaceVersions(_ image: Image) throws {
        try db.execute(sql: "DELETE FROM image_versions WHERE imageId = ?", arguments: [image.id])
        for v in image.versions {
            try db.execute(sql: "INSERT INTO image_versions (imageId, n, createdAt, note) VALUES (?, ?, ?, ?)",
                           arguments: [image.id, v.n, v.createdAt, v.note])
        }
    }

    private func images(where condition: String, _ args: Arguments, limit: Int = -1, offset: Int = 0) throws -> [Image] {
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM images WHERE \(condition) ORDER BY name COLLATE NOCASE, id LIMIT \(limit) OFFSET \(offset)",
                                    arguments: StatementArguments(args))
        return try rows.map { row in
            let id: Int64 = try row.value("id")
            let versions = try Row.fetchAll(db, sql: "SELECT n, createdAt, note FROM image_versions WHERE imageId = ? ORDER BY n",
                                            arguments: [id]).map { v in
                ImageVersion(n: try v.value("n"), createdAt: try v.value("createdAt"), note: try v.value("note"))
            }
            return Image(id: id, name: try row.value("name"), kind: try row.enumValue("kind"),
                         sizeBytes: try row.value("sizeBytes"), description: try row.value("description"),
                         versions: versions, currentVersion: row.optional("currentVersion"),
                         state: try row.enumValue("state"), maintenanceMachine: row.optional("maintenanceMachine"),
                         workingChanged: try row.value("workingChanged"),
                         createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"),
                         revision: try row.value("revision"))
        }
    }
}

import Domain
import Foundation
import Store

/// Golden disk records. Disks themselves are made by the provisioner after each commit.
public struct ImageService: Sendable {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    /// One page of images by name; `kind` filters `os` / `data`.
    public func list(kind: String? = nil, limit: Int? = nil, offset: Int? = nil) async throws -> Page<Image> {
        let window = try Paging.window(limit: limit, offset: offset)
        var parsedKind: ImageKind?
        if let kind, !kind.isEmpty {
            guard let k = ImageKind(rawValue: kind) else { throw ServiceError.invalid("kind", "kind must be os or data") }
            parsedKind = k
        }
        let filter = parsedKind
        let (items, total) = try await context.read { tx in try tx.images(limit: window.limit, offset: window.offset, kind: filter) }
        return Page(items: items, total: total, limit: window.limit, offset: window.offset)
    }

    /// The image with `id`; `.notFound` otherwise.
    public func get(id: Int64) async throws -> Image {
        guard let i = try await context.read({ tx in try tx.image(id: id) }) else { throw ServiceError.notFound("image \(id)") }
        return i
    }

    /// Names of the boot items that use image `id` (as OS or data disk).
    public func usedBy(id: Int64) async throws -> [String] {
        try await context.read { tx in try tx.bootItemNames(usingImage: id) }
    }

    /// Creates an image record (state `ready`, no versions yet).
    public func create(_ input: ImageInput, by caller: Caller) async throws -> Image {
        let now = context.now
        let (image, event) = try await context.audited(caller, "image.create", "image") {
            try await context.write { tx in
                let i = try input.validate(existing: nil, now: now)
                if let other = try tx.image(named: i.name) {
                    throw ServiceError.conflict("an image named \(Validate.shown(i.name)) already exists (image/\(other.id))")
                }
                let stored = try tx.insertImage(i)
                let e = try tx.insertEvent(context.event(caller, "image.create", "image/\(stored.id)", .success,
                                                         "name=\(stored.name) kind=\(stored.kind.rawValue) size=\(stored.sizeBytes / Image.mebibyte)MiB"))
                return (stored, e)
            }
        }
        context.events.publish(event)
        await context.provision(caller, "image.provision", "image/\(image.id)") { try await $0.imageCreated(image) }
        return image
    }

    /// Renames, re-describes or grows image `id`. Kind cannot change and size cannot shrink.
    public func update(id: Int64, _ input: ImageInput, expectedRevision: Int64? = nil, by caller: Caller) async throws -> Image {
        let now = context.now
        let (old, image, event) = try await context.audited(caller, "image.update", "image/\(id)") {
            try await context.write { tx in
                guard let old = try tx.image(id: id) else { throw ServiceError.notFound("image \(id)") }
                if let expectedRevision, expectedRevision != old.revision {
                    throw ServiceError.preconditionFailed("image \(id) is at revision \(old.revision), not \(expectedRevision)")
                }
                let i = try input.validate(existing: old, now: now)
                if let other = try tx.image(named: i.name), other.id != id {
                    throw ServiceError.conflict("an image named \(Validate.shown(i.name)) already exists (image/\(other.id))")
                }
                try tx.updateImage(i)
                var detail = "name=\(i.name)"
                if i.sizeBytes != old.sizeBytes { detail += " size=\(i.sizeBytes / Image.mebibyte)MiB" }
                let e = try tx.insertEvent(context.event(caller, "image.update", "image/\(id)", .success, detail))
                return (old, i, e)
            }
        }
        context.events.publish(event)
        await context.provision(caller, "image.provision", "image/\(id)") { try await $0.imageChanged(old: old, new: image) }
        return image
    }

    /// Deletes image `id`; `.conflict` naming the boot items that use it. Deleting a missing image
    /// succeeds and returns false.
    @discardableResult
    public func delete(id: Int64, by caller: Caller) async throws -> Bool {
        let result: (Image, Event)? = try await context.audited(caller, "image.delete", "image/\(id)") {
            try await context.write { tx in
                guard let old = try tx.image(id: id) else { return nil }
                let users = try tx.bootItemNames(usingImage: id)
                guard users.isEmpty else {
                    throw ServiceError.conflict("image \(Validate.shown(old.name)) is used by boot items: \(users.joined(separator: ", "))")
                }
                try tx.deleteImage(id: id)
                return (old, try tx.insertEvent(context.event(caller, "image.delete", "image/\(id)", .success, "name=\(old.name)")))
            }
        }
        guard let (old, event) = result else { return false }
        context.events.publish(event)
        await context.provision(caller, "image.provision", "image/\(id)") { try await $0.imageDeleted(old) }
        return true
    }
}

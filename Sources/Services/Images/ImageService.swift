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
        guard let i = try await context.read({ tx in try tx.image(id: id) }) else { throw ServiceError.notFound(.imageNotFound, "image \(id)") }
        return i
    }

    /// Names of the boot items that use image `id` (as OS or data disk).
    public func usedBy(id: Int64) async throws -> [String] {
        try await context.read { tx in try tx.bootItemNames(usingImage: id) }
    }

    /// Creates an image record (state `ready`, no versions yet).
    public func create(_ input: ImageInput, by caller: Caller) async throws -> Image {
        let now = context.now
        return try await context.create(by: caller, validate: { _ in try input.validate(existing: nil, now: now) },
                                        detail: { "name=\($0.name) kind=\($0.kind.rawValue) size=\($0.sizeBytes / Image.mebibyte)MiB" },
                                        provision: { try await $0.imageCreated($1) })
    }

    /// Renames, re-describes or grows image `id`. Kind cannot change and size cannot shrink.
    public func update(id: Int64, _ input: ImageInput, expectedRevision: Int64? = nil, by caller: Caller) async throws -> Image {
        let now = context.now
        return try await context.update(Image.self, id: id, expectedRevision: expectedRevision, by: caller,
                                        validate: { _, old in try input.validate(existing: old, now: now) },
                                        detail: { old, new in
                                            "name=\(new.name)" + (new.sizeBytes != old.sizeBytes ? " size=\(new.sizeBytes / Image.mebibyte)MiB" : "")
                                        },
                                        provision: { try await $0.imageChanged(old: $1, new: $2) })
    }

    /// Deletes image `id`; `.conflict` naming the boot items that use it. Deleting a missing image
    /// succeeds and returns false.
    @discardableResult
    public func delete(id: Int64, by caller: Caller) async throws -> Bool {
        try await context.delete(Image.self, id: id, by: caller, provision: { try await $0.imageDeleted($1) })
    }
}

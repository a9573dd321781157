import Domain
import Foundation

/// What a client sends to create an image, or to change one (PUT: rename, describe, grow).
public struct ImageInput: Codable, Sendable, Hashable {
    public var name: String
    /// `os` (default) or `data`; cannot change after creation.
    public var kind: String?
    /// Size in MiB, at least 8 (smaller disks break iPXE's geometry guess); may only grow.
    public var sizeMiB: Int64?
    public var description: String?

    public init(name: String, kind: String? = nil, sizeMiB: Int64? = nil, description: String? = nil) {
        self.name = name
        self.kind = kind
        self.sizeMiB = sizeMiB
        self.description = description
    }

    /// Largest image: 64 TiB.
    public static let maximumSizeMiB: Int64 = 64 * 1024 * 1024

    func validate(existing: Image?, now: Date) throws -> Image {
        var errors = FieldErrorsBox()
        let name = errors.check("name") { try Validate.resourceName(self.name, field: "name") }
        var kind = existing?.kind ?? .os
        if let text = self.kind {
            if let k = ImageKind(rawValue: text) { kind = k } else {
                errors.add("kind", "kind must be os or data, not \(Validate.shown(text))")
            }
            if let existing, kind != existing.kind { errors.add("kind", "the kind of an image cannot change") }
        }
        var sizeBytes = existing?.sizeBytes ?? 0
        if let mib = sizeMiB {
            if mib < Image.minimumSizeBytes / Image.mebibyte {
                errors.add("sizeMiB", "size must be at least \(Image.minimumSizeBytes / Image.mebibyte) MiB")
            } else if mib > Self.maximumSizeMiB {
                errors.add("sizeMiB", "size must be at most \(Self.maximumSizeMiB) MiB")
            } else if let existing, mib * Image.mebibyte < existing.sizeBytes {
                errors.add("sizeMiB", "images can only grow: \(existing.sizeBytes / Image.mebibyte) MiB now")
            } else {
                sizeBytes = mib * Image.mebibyte
            }
        } else if existing == nil {
            errors.add("sizeMiB", "size is required")
        }
        let description = errors.check("description") { try Validate.text(self.description ?? existing?.description ?? "", field: "description", max: 1000) }
        try errors.throwIfAny()
        var image = existing ?? Image(name: "", kind: kind, sizeBytes: 0, createdAt: now)
        image.name = name ?? image.name
        image.kind = kind
        image.sizeBytes = sizeBytes
        image.description = description ?? ""
        image.updatedAt = now
        image.revision = (existing?.revision ?? 0) + 1
        return image
    }
}

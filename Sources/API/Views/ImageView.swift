import Domain
import Foundation

/// An image as the API shows it: Domain `Image` plus `sizeGiB` and `usedBy` (the boot items that
/// reference it, as `boot-item/<id>`).
public struct ImageView: Encodable, Sendable {
    var id: Int64
    var name: String
    var kind: ImageKind
    var sizeBytes: Int64
    var sizeGiB: Double
    var description: String
    var versions: [ImageVersion]
    var currentVersion: Int?
    var state: ImageState
    var maintenanceMachine: Int64?
    var usedBy: [String]
    var createdAt: Date
    var updatedAt: Date
    var revision: Int64

    public init(_ image: Image, usedBy: [String] = []) {
        id = image.id
        name = image.name
        kind = image.kind
        sizeBytes = image.sizeBytes
        sizeGiB = Double(image.sizeBytes) / Double(Image.gibibyte)
        description = image.description
        versions = image.versions
        currentVersion = image.currentVersion
        state = image.state
        maintenanceMachine = image.maintenanceMachine
        self.usedBy = usedBy
        createdAt = image.createdAt
        updatedAt = image.updatedAt
        revision = image.revision
    }
}

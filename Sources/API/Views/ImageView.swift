import Domain
import Foundation
import Services

/// An image as the API shows it: Domain `Image` plus `sizeGiB`, `usedBy` (the boot items that
/// reference it) and its lifecycle (`ImageLifecycle`: state `maintenance` while a super
/// workstation holds the working copy, `versionCount`, `hasUncommittedChanges`, `canCommit`).
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
    var versionCount: Int
    var hasUncommittedChanges: Bool
    var canCommit: Bool
    var usedBy: [String]
    var createdAt: Date
    var updatedAt: Date
    var revision: Int64

    public init(_ image: Image, usedBy: [String] = [], lifecycle: ImageLifecycle? = nil) {
        id = image.id
        name = image.name
        kind = image.kind
        sizeBytes = image.sizeBytes
        sizeGiB = Double(image.sizeBytes) / Double(Image.gibibyte)
        description = image.description
        versions = image.versions
        currentVersion = image.currentVersion
        let lifecycle = lifecycle ?? ImageLifecycle(image)
        state = lifecycle.state
        maintenanceMachine = lifecycle.maintenanceMachine
        versionCount = lifecycle.versionCount
        hasUncommittedChanges = lifecycle.hasUncommittedChanges
        canCommit = lifecycle.canCommit
        self.usedBy = usedBy
        createdAt = image.createdAt
        updatedAt = image.updatedAt
        revision = image.revision
    }
}

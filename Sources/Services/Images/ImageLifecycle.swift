import Domain
import Store

/// Where an image stands in its lifecycle, as the console shows it: derived from the database
/// at each read, so it can never disagree with the machines.
///
/// - `state` is `maintenance` while a super workstation boots the image (it writes the working
///   copy), else the stored state (`ready`, `importing`).
/// - `hasUncommittedChanges`: no version exists yet, or the working copy was written since the
///   last commit or discard (upload, import, a super workstation now or before).
/// - `canCommit`: there is something to commit and no import is running.
public struct ImageLifecycle: Sendable, Hashable {
    public var state: ImageState
    /// The super workstation writing the working copy, when in maintenance.
    public var maintenanceMachine: Int64?
    public var versionCount: Int
    public var hasUncommittedChanges: Bool
    public var canCommit: Bool

    /// - Parameter holder: the super workstation booting the image, nil for none (or unknown).
    public init(_ image: Image, holder: Int64? = nil) {
        state = image.state == .importing ? .importing : (holder != nil ? .maintenance : image.state == .maintenance ? .ready : image.state)
        maintenanceMachine = holder
        versionCount = image.versions.count
        hasUncommittedChanges = image.versions.isEmpty || image.workingChanged || holder != nil
        canCommit = hasUncommittedChanges && state != .importing
    }

    /// The lifecycle of each image in `images`, by id, in one read.
    static func of(_ images: [Image], tx: StoreTx) throws -> [Int64: ImageLifecycle] {
        let holders = try self.holders(tx: tx)
        return Dictionary(images.map { ($0.id, ImageLifecycle($0, holder: holders[$0.id])) }, uniquingKeysWith: { a, _ in a })
    }

    /// Image id → the super workstation booting it (the lowest id when a repair left two).
    static func holders(tx: StoreTx) throws -> [Int64: Int64] {
        let supers = try tx.superWorkstations()
        guard !supers.isEmpty else { return [:] }
        let items = Dictionary(try tx.allBootItems().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var holders: [Int64: Int64] = [:]
        for machine in supers {
            for image in MachineDisks.images(machine: machine, items: items) where holders[image] == nil { holders[image] = machine.id }
        }
        return holders
    }
}

extension ImageService {
    /// The lifecycle of each image, by id.
    public func lifecycles(_ images: [Image]) async throws -> [Int64: ImageLifecycle] {
        try await context.read { tx in try ImageLifecycle.of(images, tx: tx) }
    }

    /// The lifecycle of one image.
    public func lifecycle(_ image: Image) async throws -> ImageLifecycle {
        try await lifecycles([image])[image.id] ?? ImageLifecycle(image, holder: nil)
    }
}

import Domain
import Foundation
import Logging
import Store

/// The image lifecycle on disk: content (upload, import), versions (commit, discard, rollback,
/// delete). Each step runs on the disk provisioner's queue, so a reconcile never sees half of it.
public struct ImageVersionService: Sendable {
    let context: ServiceContext
    /// The jobs uploads and imports run as (a door waits on them here).
    public let jobs: JobService
    let disks: DiskProvisioner

    public init(core: ServiceCore, disks: DiskProvisioner) {
        context = core.context
        jobs = core.jobs
        self.disks = disks
    }

    var queue: ProvisioningQueue { disks.queue }
    var storage: any StorageDriver { disks.storage }

    /// Freezes the working copy as version n+1 (a read-only clone) and makes it current; ends
    /// maintenance. Machines get it at their next reset.
    public func commit(imageID: Int64, note: String = "", by caller: Caller) async throws -> Image {
        let note = try ServiceError.checking { try Validate.text(note, field: "note", max: 200) }
        let image = try await queue.run { [self] in
            let image = try await loadImage(imageID)
            guard image.state != .importing else { throw ServiceError.conflict(.imageBusy, "image \(Validate.shown(image.name)) is importing: wait for its job") }
            let n = (image.versions.map(\.n).max() ?? 0) + 1
            let volume = DiskNames.version(image: imageID, n: n)
            // A leftover of a crash between clone and database write: not a version yet.
            try await storage.removeVolume(volume)
            try await driver { try await storage.cloneVolume(DiskNames.working(image: imageID), to: volume, readOnly: true) }
            let now = context.now
            return try await updateImage(imageID) { i in
                i.versions.append(ImageVersion(n: n, createdAt: now, note: note))
                i.currentVersion = n
                i.state = .ready
                i.maintenanceMachine = nil
                i.workingChanged = false
            }
        }
        await audit(caller, "image.commit", image, "version \(image.currentVersion ?? 0)")
        return image
    }

    /// Drops the working copy's changes: it becomes the current version again (or empty when there
    /// is none). A super workstation attached to it is detached first and re-attached after.
    public func discard(imageID: Int64, by caller: Caller) async throws -> Image {
        let image = try await queue.run { [self] in
            try await restoreWorkingCopy(try await loadImage(imageID))
            return try await updateImage(imageID) { i in
                i.state = .ready
                i.maintenanceMachine = nil
                i.workingChanged = false
            }
        }
        await audit(caller, "image.discard", image, "working copy back to version \(image.currentVersion.map(String.init) ?? "none (empty)")")
        return image
    }

    /// Makes an existing version current again; machines get it at their next reset.
    public func rollback(imageID: Int64, version: Int, by caller: Caller) async throws -> Image {
        let image = try await queue.run { [self] in
            let image = try await loadImage(imageID)
            guard image.versions.contains(where: { $0.n == version }) else {
                throw ServiceError.invalid("version", "image \(Validate.shown(image.name)) has no version \(version)")
            }
            return try await updateImage(imageID) { $0.currentVersion = version }
        }
        await audit(caller, "image.rollback", image, "current version \(version)")
        return image
    }

    /// Deletes a version that is not current (its volume too).
    public func deleteVersion(imageID: Int64, n: Int, by caller: Caller) async throws {
        let image = try await queue.run { [self] in
            let image = try await loadImage(imageID)
            guard image.versions.contains(where: { $0.n == n }) else { throw ServiceError.notFound(.versionNotFound, "version \(n) of image \(imageID)") }
            guard image.currentVersion != n else {
                throw ServiceError.conflict(.versionCurrent, "version \(n) is the current version of image \(Validate.shown(image.name)): roll back to another first")
            }
            // Database first: a crash after it leaves an orphan volume, which the reconciler removes.
            let updated = try await updateImage(imageID) { $0.versions.removeAll { $0.n == n } }
            try await driver { try await storage.removeVolume(DiskNames.version(image: imageID, n: n)) }
            return updated
        }
        await audit(caller, "image.version.delete", image, "version \(n)")
    }

    // MARK: helpers

    func loadImage(_ id: Int64) async throws -> Image {
        guard let image = try await context.read({ tx in try tx.image(id: id) }) else { throw ServiceError.notFound(.imageNotFound, "image \(id)") }
        return image
    }

    /// Re-reads image `id`, changes it, bumps its revision and stores it.
    func updateImage(_ id: Int64, _ change: @escaping @Sendable (inout Image) -> Void) async throws -> Image {
        let now = context.now
        return try await context.write { tx in
            guard var image = try tx.image(id: id) else { throw ServiceError.notFound(.imageNotFound, "image \(id)") }
            change(&image)
            image.updatedAt = now
            image.revision += 1
            _ = try tx.updateImage(image)
            return image
        }
    }

    func driver<T>(_ operation: () async throws -> T) async throws -> T { try await disks.driver(operation) }

    func audit(_ caller: Caller, _ action: String, _ image: Image, _ detail: String) async {
        await context.events.recordQuietly(context.event(caller, action, "image/\(image.id)", .success, "name=\(image.name) \(detail)"))
    }
}

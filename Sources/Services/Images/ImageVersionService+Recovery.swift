import Domain
import Foundation
import Logging
import Store

extension ImageVersionService {
    /// Start-up: images a previous process left `importing` (killed during an upload or import)
    /// go back to their last good state: the working copy becomes the current version again (or
    /// empty when there is none) and the image `ready`, so commit and upload work again and the
    /// partial content can never become a version. Logged and recorded as `image.recover`.
    /// Returns the names of the images recovered.
    @discardableResult
    public func recoverInterruptedImports() async throws -> [String] {
        let stuck = try await context.read { tx in try tx.images().items.filter { $0.state == .importing } }
        var recovered: [String] = []
        for image in stuck {
            do {
                try await queue.run { [self] in
                    try await restoreWorkingCopy(image)
                    _ = try await updateImage(image.id) { $0.state = .ready }
                }
                recovered.append(image.name)
                let back = image.currentVersion.map { "version \($0)" } ?? "empty (no version yet)"
                context.logger.warning("image left importing by the last shutdown: working copy restored",
                               metadata: ["image": "\(image.name)", "workingCopy": "\(back)"])
                await context.events.recordQuietly(context.event(.system, "image.recover", "image/\(image.id)", .success,
                                                                 "name=\(image.name) interrupted import discarded, working copy back to \(back)"))
            } catch {
                context.logger.error("cannot recover an image left importing", metadata: ["image": "\(image.name)", "error": "\(error)"])
                await context.events.recordQuietly(context.event(.system, "image.recover", "image/\(image.id)", .failure,
                                                                 "name=\(image.name) \(error)"))
            }
        }
        return recovered
    }

    /// A failed or cancelled import: the working copy back to the last good state, image `ready`.
    func discardPartialImport(imageID: Int64, because reason: String) async {
        do {
            let image = try await queue.run { [self] in
                let image = try await loadImage(imageID)
                try await restoreWorkingCopy(image)
                return try await updateImage(imageID) { $0.state = .ready }
            }
            await context.events.recordQuietly(context.event(.system, "image.import.discard", "image/\(imageID)", .success,
                                                             "name=\(image.name) partial content discarded: \(reason)"))
        } catch {
            // The image stays `importing` (never committable with partial data): POST discard or
            // the next start tries again.
            context.logger.error("cannot discard a partial import: the image stays importing until discard or restart",
                         metadata: ["image": "\(imageID)", "error": "\(error)"])
            await context.events.recordQuietly(context.event(.system, "image.import.discard", "image/\(imageID)", .failure,
                                                             "partial content not discarded: \(error)"))
        }
    }

    /// Makes the working copy the current version again (or empty when there is none). A target
    /// exporting it (a super workstation) is detached first and re-attached by the reconcile.
    /// Runs inside `queue.run`.
    func restoreWorkingCopy(_ image: Image) async throws {
        let working = DiskNames.working(image: image.id)
        let (plan, _) = try await disks.desired()
        for (iqn, spec) in plan.targets where spec.disks.contains(where: { $0.volume == working }) {
            try await driver { try await disks.targets.removeTarget(iqn: iqn) }
        }
        if let current = image.currentVersion {
            try await driver { try await storage.resetVolume(working, from: DiskNames.version(image: image.id, n: current)) }
        } else {
            try await driver {
                try await storage.removeVolume(working)
                try await storage.createVolume(working, sizeBytes: image.sizeBytes)
            }
        }
        _ = try await disks.reconcileNow()
    }
}

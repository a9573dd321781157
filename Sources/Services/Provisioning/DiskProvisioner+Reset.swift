import Domain
import Foundation
import Logging
import Store
import Telemetry

extension DiskProvisioner {
    /// The boot event: a `resetOnBoot` machine gets fresh disks from the current versions. A super
    /// workstation keeps writing the working copy, a `persistent` machine keeps its writes.
    public func bootEvent(machine: Machine) async throws {
        guard machine.diskMode == .resetOnBoot, !machine.superWorkstation else { return }
        try await resetDisks(of: machine, by: .boot)
    }

    /// `POST /machines/{id}/reset`: fresh disks from the current image versions, whatever the disk
    /// mode. A super workstation is refused: its disk is the image's working copy (discard it).
    public func resetMachine(id: Int64, by caller: Caller) async throws -> Machine {
        guard let machine = try await context.read({ tx in try tx.machine(id: id) }) else {
            throw ServiceError.notFound(.machineNotFound, "machine \(id)")
        }
        guard !machine.superWorkstation else {
            throw ServiceError.conflict(.diskSuperWorkstation, "machine \(Validate.shown(machine.name)) is a super workstation: it writes the image's working copy; discard or commit the image instead")
        }
        guard try await resetDisks(of: machine, by: caller) != nil else {
            if let image = try await unversionedImage(of: machine) {
                throw ServiceError.conflict(.imageNoVersion, "image \(Validate.shown(image.name)) has no version yet, so machine \(Validate.shown(machine.name)) "
                    + "has no disk to reset: commit the image first")
            }
            throw ServiceError.conflict(.diskNoDisks, "machine \(Validate.shown(machine.name)) has no iSCSI disks to reset")
        }
        return machine
    }

    /// The first image of the machine's menu without a version (why it has no disks), or nil.
    func unversionedImage(of machine: Machine) async throws -> Image? {
        try await context.read { tx in
            let items = Dictionary(try tx.allBootItems().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            for id in MachineDisks.images(machine: machine, items: items) {
                if let image = try tx.image(id: id), image.currentVersion == nil { return image }
            }
            return nil
        }
    }

    /// In place when both drivers can (file volumes with reflink on tgt): every disk's file gets
    /// the version's extents (`StorageDriver.resetVolumeInPlace`) while the target stays exported,
    /// no target command at all. Otherwise, or when an in-place clone fails: detach (remove the
    /// target: closes sessions and releases the backing files) → reset every disk from its image's
    /// current version → re-apply the target. With a driver that serves overlays, the target is
    /// applied over the current versions and its overlays are dropped. The file driver's general
    /// reset replaces the file by rename, so an attached backstore would keep serving the old
    /// inode: hence the detach. Resets of different machines run at once (`limits.resetsAtOnce`), one machine's
    /// one after the other, and never beside a reconcile (`ProvisioningQueue`). A reset that fails
    /// exports the target again over the disks as they are (a disk whose reset failed keeps its
    /// old content: the file driver replaces a volume by rename, whole or not at all) and throws.
    /// Returns how long it took, nil when the machine has no disks.
    @discardableResult
    func resetDisks(of machine: Machine, by caller: Caller) async throws -> Duration? {
        let elapsed: Duration? = try await queue.run(machine: machine.id) { [self] in
            let (plan, _) = try await desired(machineID: machine.id)
            guard let disks = plan.disksOfMachine[machine.id],
                  let iqn = plan.machineOfTarget.first(where: { $0.value == machine.id })?.key,
                  let spec = plan.targets[iqn] else { return nil }
            let clock = ContinuousClock()
            let start = clock.now
            let storage = self.storage
            if targets.servesOverlays {
                // Base + overlay: the target drops the overlays (O(1)); the base is the current version.
                try await targets.resetOverlays(spec)
                return clock.now - start
            }
            // In place only for the boot event: the machine itself asked (it is in iPXE, its old OS
            // gone). Anyone else's reset takes the detach way, which ends a running machine's sessions
            // instead of swapping the disk under its OS.
            if caller == .boot, targets.servesInPlaceReset(spec), await resetInPlace(disks, plan: plan, machine: machine) {
                return clock.now - start
            }
            do {
                try await targets.replaceTarget(spec) {
                    for disk in disks {
                        guard let source = plan.source(of: disk) else { continue }
                        try await storage.resetVolume(disk, from: source)
                    }
                }
            } catch {
                // Never leave the machine without its target: the next boot finds its old disk.
                do { try await targets.applyTarget(spec) } catch {
                    logger.error("target not restored after a failed reset (the next reconcile repairs it)",
                                 metadata: ["target": "\(iqn)", "error": "\(error)"])
                }
                throw error
            }
            return clock.now - start
        }
        guard let elapsed else { return nil }
        setLastReset(elapsed)
        Telemetry.diskReset(in: elapsed)
        let ms = Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000
        let shown = String(format: "%.1f", ms)
        logger.info("machine disks reset", metadata: ["machine": "\(machine.name)", "milliseconds": "\(shown)"])
        await context.events.recordQuietly(context.event(caller, "machine.reset", "machine/\(machine.id)", .success,
                                                         "disks reset from the current image versions in \(shown) ms"))
        return elapsed
    }

    /// Resets each disk in its own file, target left as it is. False when one disk cannot be (the
    /// storage says so, or its clone failed: logged): the caller then resets them all the general
    /// way, which replaces every file whole, so no disk stays half cloned.
    private func resetInPlace(_ disks: [String], plan: DesiredState, machine: Machine) async -> Bool {
        for disk in disks {
            guard let source = plan.source(of: disk) else { continue }
            do {
                guard try await storage.resetVolumeInPlace(disk, from: source) else { return false }
            } catch {
                logger.warning("in-place reset failed: resetting with the target detached",
                               metadata: ["machine": "\(machine.name)", "volume": "\(disk)", "error": "\(error)"])
                return false
            }
        }
        return true
    }
}

import Domain
import Foundation
import ISCSITargets
import Logging
import Services
import Storage

extension App {
    /// The storage driver the settings ask for: `file` under `fileRoot` (default
    /// `<dataDir>/disks`), or `lvm` on the volume group (thin pool, or classic snapshots).
    func storageDriver(_ settings: StorageSettings) -> any StorageDriver {
        switch settings.driver {
        case .file:
            let root = settings.fileRoot.isEmpty ? (config.dataDir as NSString).appendingPathComponent("disks") : settings.fileRoot
            return FileStorageDriver(root: Self.absolute(root))
        case .lvm:
            return LVMStorageDriver(volumeGroup: settings.volumeGroup, thinPool: settings.thinPool,
                                    snapshotSizeMiB: settings.snapshotSizeMiB)
        }
    }

    /// The target driver: `lio` when configfs' target directory exists, `tgt` when tgtd answers
    /// tgtadm (`DISKLESSD_TGT_CONTROL_PORT` picks a private tgtd), else one whose every call says why.
    func targetDriver(_ settings: ISCSISettings) async -> any TargetDriver {
        let env = ProcessInfo.processInfo.environment
        let tgt = TgtTargetDriver(controlPort: env["DISKLESSD_TGT_CONTROL_PORT"].flatMap(Int.init))
        let lio = LIOTargetDriver(root: env["DISKLESSD_LIO_ROOT"] ?? LIOTargetDriver.defaultRoot)
        switch settings.driver {
        case .lio:
            if case .unavailable(let why) = await lio.availability() { return UnavailableTargetDriver(kind: .lio, reason: why) }
            return lio
        case .tgt:
            if case .unavailable(let why) = await tgt.availability() {
                let advice = TgtStartAdvice(controlPort: tgt.controlPort).text
                logger.error("targets unavailable: \(advice)", metadata: ["detail": "\(why)"])
                return UnavailableTargetDriver(kind: .tgt, reason: "\(advice) (\(why))")
            }
            return tgt
        case .auto:
            if case .available = await lio.availability() { return lio }
            if case .available = await tgt.availability() { return tgt }
            let why = "no iSCSI target here: LIO's configfs (\(LIOTargetDriver.defaultRoot)) is missing (modprobe target_core_mod) and "
                + TgtStartAdvice(controlPort: tgt.controlPort).text
            logger.error("targets unavailable: \(why)")
            return UnavailableTargetDriver(kind: .auto, reason: why)
        }
    }

    /// Start-up, before the first reconcile: the default import root exists (0700), and images a
    /// killed process left `importing` are back at their last version.
    func recoverImagesAtStart(_ versions: ImageVersionService) async {
        let importRoot = (config.dataDir as NSString).appendingPathComponent("import")
        do {
            try FileManager.default.createDirectory(atPath: importRoot, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            logger.warning("cannot create the default import root \(importRoot): \(error)")
        }
        do {
            let recovered = try await versions.recoverInterruptedImports()
            if !recovered.isEmpty { logger.notice("images back to their last version after an interrupted import: \(recovered.joined(separator: ", "))") }
        } catch {
            logger.error("start-up recovery of interrupted imports failed: \(error)")
        }
    }

    /// One full reconcile, logged: the drivers converge to the database before anything serves.
    func reconcileAtStart(_ disks: DiskProvisioner) async {
        do {
            let report = try await disks.reconcile()
            logger.notice("storage reconciled at start-up", metadata: [
                "storage": "\(disks.storage.kind.rawValue)", "targets": "\(disks.targets.kind.rawValue)",
                "created": "\(report.created.count)", "removed": "\(report.removed.count)",
                "repaired": "\(report.repaired.count)", "errors": "\(report.errors.count)",
            ])
            for error in report.errors.prefix(20) { logger.warning("reconcile: \(error)") }
        } catch {
            logger.error("start-up reconcile failed: \(error)")
        }
    }
}

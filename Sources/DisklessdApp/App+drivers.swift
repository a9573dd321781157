import Domain
import BuiltinTarget
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
    /// tgtadm (`DISKLESSD_TGT_CONTROL_PORT` picks a private tgtd), else the built-in target
    /// (`builtinTargetDriver`), else one whose every call says why. Returns the `disklessd target`
    /// child `serve` started, if it started one.
    func targetDriver(_ settings: ISCSISettings) async -> (driver: any TargetDriver, process: BuiltinTargetProcess?) {
        let env = ProcessInfo.processInfo.environment
        let tgt = TgtTargetDriver(controlPort: env["DISKLESSD_TGT_CONTROL_PORT"].flatMap(Int.init))
        let lio = LIOTargetDriver(root: env["DISKLESSD_LIO_ROOT"] ?? LIOTargetDriver.defaultRoot)
        switch settings.driver {
        case .lio:
            if case .unavailable(let why) = await lio.availability() { return (UnavailableTargetDriver(kind: .lio, reason: why), nil) }
            return (lio, nil)
        case .tgt:
            if case .unavailable(let why) = await tgt.availability() {
                let advice = TgtStartAdvice(controlPort: tgt.controlPort).text
                logger.error("targets unavailable: \(advice)", metadata: ["detail": "\(why)"])
                return (UnavailableTargetDriver(kind: .tgt, reason: "\(advice) (\(why))"), nil)
            }
            return (tgt, nil)
        case .builtin:
            return await builtinTargetDriver(settings)
        case .auto:
            if case .available = await lio.availability() { return (lio, nil) }
            if case .available = await tgt.availability() { return (tgt, nil) }
            let builtin = await builtinTargetDriver(settings)
            if case .available = await builtin.driver.availability() { return builtin }
            await builtin.process?.stop()
            let why = "no iSCSI target here: LIO's configfs (\(LIOTargetDriver.defaultRoot)) is missing (modprobe target_core_mod), "
                + "no built-in target runs (start disklessd-target.service; serve without --http-only starts one) and "
                + TgtStartAdvice(controlPort: tgt.controlPort).text
            logger.error("targets unavailable: \(why)")
            return (UnavailableTargetDriver(kind: .auto, reason: why), nil)
        }
    }

    /// The built-in target: the one whose control socket answers (`disklessd-target.service`, or
    /// a child a killed `serve` left running), else a `disklessd target` child started here (when
    /// `config.targetExecutable` is set and the network services run), waited for up to 10 s.
    /// Socket: `DISKLESSD_TARGET_CONTROL` or `<dataDir>/target/control.sock`; overlays and their
    /// cap: settings `iscsi.builtin` (`overlayPlacement`).
    func builtinTargetDriver(_ settings: ISCSISettings) async -> (driver: any TargetDriver, process: BuiltinTargetProcess?) {
        let env = ProcessInfo.processInfo.environment
        let dataDir = Self.absolute(config.dataDir)
        let control = env["DISKLESSD_TARGET_CONTROL"] ?? (dataDir as NSString).appendingPathComponent("target/control.sock")
        let driver = BuiltinTargetDriver(client: ControlClient(path: control, timeoutSeconds: 5),
                                         placement: OverlayPlacement(Self.overlayPlacement(settings.builtin, dataDir: dataDir)))
        if case .available = await driver.availability() {
            logger.notice("using the running built-in iSCSI target", metadata: ["control": "\(control)"])
            return (driver, nil)
        }
        // `--http-only` (tests of the API alone) starts no data plane.
        guard config.startNetworkServices, let executable = config.targetExecutable else { return (driver, nil) }
        let process = BuiltinTargetProcess(argv: [executable, "target", "--data-dir", dataDir, "--port", "\(settings.portalPort)",
                                                  "--control", control, "--log-level", config.logLevel.rawValue],
                                           logger: logger)
        do { try process.start() } catch {
            logger.error("cannot start the built-in iSCSI target", metadata: ["error": "\(error)"])
            return (driver, nil)
        }
        for _ in 0..<100 {
            if case .available = await driver.availability() { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return (driver, process)
    }

    /// Where overlays go and their cap for `settings`: the settings, else `DISKLESSD_OVERLAY_DIR`
    /// and `DISKLESSD_OVERLAY_CAP_MIB`, else `<dataDir>/overlays` and no cap.
    static func overlayPlacement(_ settings: BuiltinTargetSettings, dataDir: String) -> OverlayPlacement.Value {
        let env = ProcessInfo.processInfo.environment
        return .init(root: absolute(settings.overlayRoot(dataDir: absolute(dataDir), environment: env)),
                     capBytes: settings.overlayCapBytes(environment: env))
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

import API
import Domain
import Hummingbird
import ISCSITargets
import Logging
import Services

/// Every part of a running disklessd, each built exactly once by `App.assemble` and then only
/// wired: one target driver (provisioner, boot scripts' first LUN, login watcher), one disk
/// provisioner (the container's), one boot door (one rate limiter for every port), one power
/// door (one `PowerService`, one agent client for REST and Thrift).
public struct AppParts: Sendable {
    public let services: ServiceContainer
    /// Converge, reset, reconcile, targets and storage views.
    public let disks: DiskProvisioner
    /// Upload, import, commit, discard, rollback, version delete.
    public let versions: ImageVersionService
    let boot: BootParts
    let power: PowerParts
    /// The `disklessd target` child this `serve` started (built-in target driver, no running one found).
    let targetProcess: BuiltinTargetProcess?

    /// Authenticated route groups beyond `APIRouter.groups`: previews, power, disks and versions.
    var extraRouteGroups: [any RouteGroup] {
        [
            BootPreviewRoutes(boot: boot.boot),
            power.routes,
            BulkRoutes(machines: services.machines, power: power.power, disks: disks),
            StorageRoutes(disks: disks, versions: versions, images: services.images),
            SeedRoutes(seed: services.seed, versions: versions),
        ]
    }
}

extension App {
    /// Opens the data directory and database, picks the drivers the stored settings ask for and
    /// builds every part once, in dependency order: core → drivers → provisioner → services →
    /// doors.
    public func assemble(passwordCost: PasswordCost = .standard) async throws -> AppParts {
        let core = try openCore(passwordCost: passwordCost)
        let settings = try await core.settings()
        let (targets, targetProcess) = await targetDriver(settings.iscsi)
        let disks = DiskProvisioner(core: core, storage: storageDriver(settings.storage), targets: targets,
                                    resetsAtOnce: settings.limits.resetsAtOnce)
        let services = ServiceContainer(core: core, provisioner: disks)
        if let builtin = targets as? BuiltinTargetDriver {
            let dataDir = config.dataDir
            _ = services.liveSettings.register(OverlayPlacementFollower(placement: builtin.placement) {
                Self.overlayPlacement($0, dataDir: dataDir)
            })
        }
        var bootLogger = logger
        bootLogger[metadataKey: "module"] = "boot"
        let boot = BootParts(services: services, firstLUN: targets.firstLUN, port: config.port, rateLimit: config.bootRateLimit,
                             logger: bootLogger)
        return AppParts(services: services, disks: disks, versions: ImageVersionService(core: core, disks: disks), boot: boot,
                        power: PowerParts(services: services), targetProcess: targetProcess)
    }
}

import Domain

/// What the drivers should hold, derived from the database alone: every volume (working copies,
/// versions, machine disks) and every machine's target. Pure, so the reconciler, the provisioner
/// hooks and the tests compute it the same way.
public struct DesiredState: Sendable {
    /// How a missing volume can be made.
    public enum Origin: Sendable, Hashable {
        /// An empty volume of this size (an image's working copy).
        case empty(sizeBytes: Int64)
        /// A writable clone of another volume (a machine disk of a version).
        case clone(of: String)
        /// A frozen version: its bytes exist nowhere else, so it cannot be made again.
        case frozen
    }

    public var volumes: [String: Origin] = [:]
    /// Target IQN → spec.
    public var targets: [String: TargetSpec] = [:]
    /// Target IQN → machine id.
    public var machineOfTarget: [String: Int64] = [:]
    /// Machine id → its disks in LUN order (the volumes its target exports, or their overlays' names).
    public var disksOfMachine: [Int64: [String]] = [:]
    /// Why something could not be planned (an image without a version …).
    public var problems: [String] = []

    /// - Parameters:
    ///   - backing: where a volume's bytes are (`StorageDriver.backing(of:)`).
    ///   - overlays: the target driver serves base + overlay (`TargetDriver.servesOverlays`): a
    ///     machine disk is its image's current version plus an overlay named after the machine
    ///     disk, and no storage volume is cloned for it.
    public init(machines: [Machine], bootItems: [BootItem], images: [Image], settings: Settings,
                overlays: Bool = false, backing: (String) -> VolumeBacking) {
        let imageByID = Dictionary(images.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let itemByID = Dictionary(bootItems.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for image in images {
            volumes[DiskNames.working(image: image.id)] = .empty(sizeBytes: image.sizeBytes)
            for v in image.versions { volumes[DiskNames.version(image: image.id, n: v.n)] = .frozen }
        }
        for machine in machines.sorted(by: { $0.id < $1.id }) {
            let imageIDs = MachineDisks.images(machine: machine, items: itemByID)
            guard !imageIDs.isEmpty else { continue }
            var disks: [TargetSpec.Disk] = []
            var ok = true
            for id in imageIDs {
                guard let image = imageByID[id] else {
                    problems.append("machine \(machine.name): image \(id) does not exist")
                    ok = false
                    break
                }
                if machine.superWorkstation {
                    // Maintenance: the super workstation writes the image's working copy itself.
                    let name = DiskNames.working(image: id)
                    disks.append(TargetSpec.Disk(volume: name, backing: backing(name)))
                } else if let current = image.currentVersion {
                    let name = DiskNames.machineDisk(machine: machine.id, image: id)
                    let version = DiskNames.version(image: id, n: current)
                    if overlays {
                        disks.append(TargetSpec.Disk(volume: version, backing: backing(version), overlay: name))
                    } else {
                        volumes[name] = .clone(of: version)
                        disks.append(TargetSpec.Disk(volume: name, backing: backing(name)))
                    }
                } else {
                    problems.append("machine \(machine.name): image \(image.name) has no version yet (commit one first)")
                    ok = false
                    break
                }
            }
            guard ok else { continue }
            let prefix = settings.iscsi.targetPrefix
            let iqn = ISCSINames.target(prefix: prefix, machineName: machine.name)
            let initiator = ISCSINames.initiator(prefix: prefix, mac: machine.mac, global: settings.iscsi.globalInitiatorIQN)
            var chap: CHAPCredentials?
            if settings.iscsi.chap, let secret = machine.chapSecret, !secret.isEmpty {
                chap = CHAPCredentials(username: ISCSINames.chapUser(initiator: initiator), secret: secret)
            }
            targets[iqn] = TargetSpec(
                iqn: iqn, initiatorIQN: initiator, disks: disks, chap: chap,
                portalAddress: settings.iscsi.serverAddress, portalPort: settings.iscsi.portalPort)
            machineOfTarget[iqn] = machine.id
            disksOfMachine[machine.id] = disks.map { $0.overlay ?? $0.volume }
        }
    }

    /// The clone source of a machine disk (the image's current version).
    public func source(of volume: String) -> String? {
        if case .clone(let source) = volumes[volume] { return source }
        return nil
    }
}

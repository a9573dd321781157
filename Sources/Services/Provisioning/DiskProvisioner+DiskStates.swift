import Domain
import Store

extension DiskProvisioner {
    /// Every machine's disk state, by id: planned disks against the storage's volumes. One
    /// database read; the volumes (and, with overlays, the target's overlay sizes) are listed
    /// only when driver work changed them since the last listing, or when that listing is old
    /// (`VolumeListingCache`).
    public func machineDiskStates() async throws -> [Int64: MachineDiskState]? {
        let (machines, items, images, settings) = try await context.read { tx in
            (try tx.allMachines(), try tx.allBootItems(), try tx.images().items, try tx.settings() ?? Settings())
        }
        let plan = self.plan(machines: machines, items: items, images: images, settings: settings)
        let generation = await queue.generation
        let volumes = try? await volumeListing.volumes(generation: generation) { try await storage.listVolumes() }
        let itemByID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let imageByID = Dictionary(images.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let targetOf = Dictionary(plan.machineOfTarget.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
        // Overlays live in the target: it says what each target's overlays hold (asked only when
        // some machine has one, and kept like the volume listing; nil when it cannot be asked).
        var overlayBytes: [String: Int64]?
        if plan.targets.values.contains(where: { $0.disks.contains { $0.overlay != nil } }) {
            let prefix = settings.iscsi.targetPrefix + ":"
            overlayBytes = try? await volumeListing.overlayBytes(generation: generation) { [targets] in
                Dictionary(try await targets.listTargets(prefix: prefix).compactMap { t in t.overlayBytes.map { (t.iqn, $0) } },
                           uniquingKeysWith: { a, _ in a })
            }
        }
        var states: [Int64: MachineDiskState] = [:]
        for machine in machines {
            let imageIDs = MachineDisks.images(machine: machine, items: itemByID)
            guard !imageIDs.isEmpty else {
                states[machine.id] = MachineDiskState(state: .none)
                continue
            }
            guard let iqn = targetOf[machine.id], let spec = plan.targets[iqn] else {
                let unversioned = imageIDs.compactMap { imageByID[$0] }.first { $0.currentVersion == nil }
                states[machine.id] = unversioned.map {
                    MachineDiskState(state: .missing, reason: "image \(Validate.shown($0.name)) has no version yet", reasonCode: .imageNoVersion)
                } ?? MachineDiskState(state: .missing, reason: "an image of its menu does not exist", reasonCode: .diskMissing)
                continue
            }
            guard let volumes else {
                states[machine.id] = MachineDiskState(state: .unknown, reason: "the storage cannot be asked")
                continue
            }
            let absent = spec.disks.map(\.volume).filter { volumes[$0] == nil }
            if let first = absent.first {
                states[machine.id] = MachineDiskState(state: .missing, reason: "volume \(first) is missing", reasonCode: .diskMissing)
                continue
            }
            // The machine's own volumes (clones, a working copy) as the storage counts them, plus
            // its overlays as the target counts them.
            let own = spec.disks.filter { $0.overlay == nil }.compactMap { volumes[$0.volume] }
            var sizes = own.compactMap(\.allocatedBytes)
            var known = sizes.count == own.count
            if spec.disks.contains(where: { $0.overlay != nil }) {
                if let bytes = overlayBytes?[iqn] { sizes.append(bytes) } else { known = false }
            }
            known = known && !sizes.isEmpty
            states[machine.id] = MachineDiskState(state: .ok, overlaySizeBytes: known ? sizes.reduce(0, +) : nil)
        }
        return states
    }

    public func targetAvailability() async -> DriverAvailability? { await targets.availability() }
}

import Domain

extension DiskProvisioner {
    /// With base + overlay disks, a running target keeps the version its overlays were written
    /// over: committing a new version must not swap the base under a machine (its writes are
    /// blocks of the old one), just as a clone keeps its old version. The machine moves to the
    /// current version at its next reset (every boot for `resetOnBoot`). A base whose version is
    /// gone from the database gives way to the current one (a fresh overlay).
    func keepingRunningBases(_ spec: TargetSpec, have: TargetState, plan: DesiredState) -> TargetSpec {
        var kept = spec
        for (i, disk) in spec.disks.enumerated() where disk.overlay != nil {
            guard let running = have.luns.first(where: { $0.number == targets.firstLUN + i }), running.path != disk.backing.path,
                  case .version(let image, _) = DiskNames.parse(disk.volume) else { continue }
            let candidates = plan.volumes.compactMap { name, origin -> String? in
                guard origin == .frozen, case .version(image, _) = DiskNames.parse(name) else { return nil }
                return name
            }
            if let name = candidates.first(where: { storage.backing(of: $0).path == running.path }) {
                kept.disks[i].volume = name
                kept.disks[i].backing = storage.backing(of: name)
            }
        }
        return kept
    }
}

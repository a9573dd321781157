import Domain
import Foundation
import Logging
import Store
import Telemetry

extension DiskProvisioner {
    /// Converges the drivers to the database: creates missing volumes and targets, re-applies
    /// targets that differ, removes targets and volumes that carry our prefix but that nothing
    /// wants. Order matters for attached disks: targets are fixed before volumes are removed.
    /// This full run (start-up, `POST /reconcile`) also removes what a crash can leave outside
    /// every target (`TargetDriver.removeLeftovers`); the runs after each change do not need to.
    public func reconcile(by caller: Caller = .system) async throws -> ReconcileReport {
        try await reconcile(by: caller, onStart: {}, withLeftovers: true)
    }

    /// `reconcile`, calling `onStart` once the queue runs it, before it reads the database.
    /// - Parameter reapplyingAll: apply every wanted target even where it looks right (after a
    ///   change the drivers do not show, such as the portal); those are listed as repaired.
    func reconcile(by caller: Caller = .system, onStart: @escaping @Sendable () async -> Void,
                   reapplyingAll: Bool = false, withLeftovers: Bool = false) async throws -> ReconcileReport {
        let report = try await queue.run { [self] in
            await onStart()
            let clock = ContinuousClock()
            let start = clock.now
            do {
                let report = try await reconcileNow(reapplyingAll: reapplyingAll, withLeftovers: withLeftovers)
                let outcome = !report.errors.isEmpty ? "errors" : report.isClean ? "clean" : "changed"
                Telemetry.reconcile(outcome: outcome, in: clock.now - start)
                return report
            } catch {
                Telemetry.reconcile(outcome: "failed", in: clock.now - start)
                throw error
            }
        }
        if !report.isClean {
            let detail = "created=\(report.created.count) removed=\(report.removed.count) repaired=\(report.repaired.count) errors=\(report.errors.count)"
            await context.events.recordQuietly(context.event(caller, "storage.reconcile", "storage",
                                                             report.errors.isEmpty ? .success : .failure, detail))
        }
        return report
    }

    func reconcileNow(reapplyingAll: Bool = false, withLeftovers: Bool = false) async throws -> ReconcileReport {
        var report = ReconcileReport()
        let (plan, settings) = try await desired()
        report.errors += plan.problems

        // 1. Volumes: working copies first, then machine disks cloned from versions.
        let actual = Dictionary(try await storage.listVolumes().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for (name, origin) in plan.volumes.sorted(by: { $0.key < $1.key }) {
            switch origin {
            case .empty(let size):
                if let have = actual[name] {
                    if have.sizeBytes < size {
                        await step(&report, \.repaired, name) { try await storage.resizeVolume(name, sizeBytes: size) }
                    }
                } else {
                    await step(&report, \.created, name) { try await storage.createVolume(name, sizeBytes: size) }
                }
            case .frozen:
                if actual[name] == nil { report.errors.append("version volume \(name) is missing: its content cannot be made again") }
            case .clone:
                break
            }
        }
        for (name, origin) in plan.volumes.sorted(by: { $0.key < $1.key }) {
            guard case .clone(let source) = origin, actual[name] == nil else { continue }
            await step(&report, \.created, name) { try await storage.cloneVolume(source, to: name, readOnly: false) }
        }
        // Wanted volumes that exist but cannot be opened (LVM thin snapshots after a reboot) are
        // activated before a target points at them.
        for name in actual.keys.sorted() where actual[name]?.active == false && plan.volumes[name] != nil {
            await step(&report, \.repaired, name) { try await storage.activateVolume(name) }
        }

        // 2. Targets: missing or different ones are applied, orphans removed.
        let prefix = settings.iscsi.targetPrefix + ":"
        var haveTargets: [String: TargetState] = [:]
        do {
            haveTargets = Dictionary(try await targets.listTargets(prefix: prefix).map { ($0.iqn, $0) }, uniquingKeysWith: { a, _ in a })
        } catch {
            report.errors.append("targets: \(error)")
            return report
        }
        // Missing and different targets go to the driver in one batch (tgt lists its targets
        // once for all of them).
        var toApply: [(spec: TargetSpec, isNew: Bool)] = []
        for (iqn, wanted) in plan.targets.sorted(by: { $0.key < $1.key }) {
            let spec = targets.servesOverlays ? haveTargets[iqn].map { keepingRunningBases(wanted, have: $0, plan: plan) } ?? wanted : wanted
            guard spec.disks.allSatisfy({ actualOrCreated($0.volume, actual, report) }) else { continue }
            if let have = haveTargets[iqn] {
                if reapplyingAll || !matches(have, spec) { toApply.append((spec, false)) }
            } else {
                toApply.append((spec, true))
            }
        }
        if !toApply.isEmpty {
            let failed = await targets.applyTargets(toApply.map(\.spec))
            for (spec, isNew) in toApply {
                if let error = failed[spec.iqn] {
                    report.errors.append("\(spec.iqn): \(error)")
                } else if isNew {
                    report.created.append(spec.iqn)
                } else {
                    report.repaired.append(spec.iqn)
                }
            }
        }
        for iqn in haveTargets.keys.sorted() where plan.targets[iqn] == nil {
            await step(&report, \.removed, iqn) { try await targets.removeTarget(iqn: iqn) }
        }

        // Leftovers outside every target (an unbound tgt account, an unlinked LIO backstore that
        // would keep an orphan volume busy): before the orphan volumes go.
        if withLeftovers {
            do { report.removed += try await targets.removeLeftovers(prefix: prefix) } catch {
                report.errors.append("target leftovers: \(error)")
            }
        }

        // 3. Orphan volumes: ours by name (DiskNames.parse), wanted by nothing.
        for name in actual.keys.sorted() where plan.volumes[name] == nil && DiskNames.parse(name) != nil {
            await step(&report, \.removed, name) { try await storage.removeVolume(name) }
        }
        return report
    }

    /// Whether a target may point at `volume`: it exists and is active, or this run made or activated it.
    func actualOrCreated(_ volume: String, _ actual: [String: VolumeInfo], _ report: ReconcileReport) -> Bool {
        if let have = actual[volume], have.active || report.repaired.contains(volume) { return true }
        return report.created.contains(volume)
    }

    /// Whether the target on the host already is what the spec asks for.
    func matches(_ have: TargetState, _ spec: TargetSpec) -> Bool {
        let wantLUNs = spec.disks.enumerated().map { TargetState.LUN(number: targets.firstLUN + $0.offset, path: $0.element.backing.path) }
        return have.luns == wantLUNs && have.initiators == [spec.initiatorIQN] && have.chap == (spec.chap != nil)
    }

    /// Runs one step and lists `name` under `list`; a failure goes into the report's errors and
    /// the run goes on.
    func step(_ report: inout ReconcileReport, _ list: WritableKeyPath<ReconcileReport, [String]>, _ name: String,
              _ operation: () async throws -> Void) async {
        do {
            try await operation()
            report[keyPath: list].append(name)
        } catch {
            report.errors.append("\(name): \(error)")
        }
    }
}

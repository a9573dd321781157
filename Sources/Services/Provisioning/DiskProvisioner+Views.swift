import Domain
import Foundation
import Store

extension DiskProvisioner {
    /// `GET /targets`: what the target driver holds under our prefix, with the machine each belongs to.
    public func targetsView() async throws -> TargetsView {
        let driver = targets.kind.rawValue
        if case .unavailable(let reason) = await targets.availability() {
            return TargetsView(driver: driver, available: false, reason: reason, items: [])
        }
        let (plan, settings) = try await desired()
        let names = Dictionary(try await context.read { tx in try tx.allMachines() }.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let states: [TargetState]
        do { states = try await targets.listTargets(prefix: settings.iscsi.targetPrefix + ":") } catch {
            return TargetsView(driver: driver, available: false, reason: "\(error)", items: [])
        }
        return TargetsView(driver: driver, available: true, reason: nil, items: states.map { t in
            TargetsView.Item(iqn: t.iqn, machine: plan.machineOfTarget[t.iqn].flatMap { names[$0] },
                             luns: t.luns.map { .init(lun: $0.number, backing: $0.path) },
                             initiators: t.initiators, chap: t.chap, sessions: t.sessions.count)
        })
    }

    /// `GET /storage`.
    public func statusView() async -> StorageStatusView {
        do {
            let s = try await storage.status()
            return StorageStatusView(driver: s.driver, available: true, reason: nil, totalBytes: s.totalBytes, freeBytes: s.freeBytes,
                                     reflink: s.instantClones, notes: s.notes)
        } catch {
            return StorageStatusView(driver: storage.kind.rawValue, available: false, reason: "\(error)", totalBytes: nil,
                                     freeBytes: nil, reflink: nil, notes: [])
        }
    }
}

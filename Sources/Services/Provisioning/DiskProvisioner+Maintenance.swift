import Domain
import Store

extension DiskProvisioner {
    /// A super workstation that lets go of working copies (turned off, deleted, another menu) may
    /// have written them after their last commit: they are marked changed, so Commit stays offered.
    func releasedWorkingCopies(old: Machine, new: Machine?) async throws {
        guard old.superWorkstation else { return }
        try await context.write { tx in
            let items = Dictionary(try tx.allBootItems().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            let before = MachineDisks.images(machine: old, items: items)
            let after = new.map { $0.superWorkstation ? MachineDisks.images(machine: $0, items: items) : [] } ?? []
            let released = before.filter { !after.contains($0) }
            if !released.isEmpty { try tx.markWorkingChanged(imageIDs: released) }
        }
    }
}

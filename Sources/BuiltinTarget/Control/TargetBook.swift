import Domain
import Logging

/// The targets' definitions behind a lock, shared by the `TargetTable` actor (which changes them)
/// and the control connections' event loops (`ControlFastPath`), which answer a reset and an
/// unchanged apply here at once instead of crossing to a control task and the actor: under load
/// each of those hand-offs is a wait for a core.
///
/// Invariants kept with the actor:
/// - no reset runs while the same target is being applied, removed or reset by the actor: the
///   actor marks the target `busy` (under the lock) for the whole operation, a reset here holds
///   the lock for its whole run and gives way (nil: "ask the actor") when the target is busy;
/// - a reset ends the target's sessions first, then truncates, as the actor's does;
/// - only the actor writes definitions and the state file.
public final class TargetBook: Sendable {
    struct State {
        var definitions: [String: TargetDefinition] = [:]
        /// Targets the actor is applying, removing or resetting now.
        var busy: Set<String> = []
    }

    let registry: TargetRegistry
    let logger: Logger
    let state = Locked(State())
    /// The largest overlay reset on an event loop. Truncating a file frees its extents: measured
    /// (docs/benchmarks.md, "Overlay truncation") 0.06–0.48 ms for 1 MiB, 0.4–2.9 ms for 8 MiB on
    /// ext4 (the higher figure once the data is on disk), 0.2–0.4 ms for 8 MiB on XFS. 2 MiB keeps
    /// an event loop's pause under about 1 ms; the nearly empty overlay of a machine reset again
    /// and again is far below it; a larger one is reset by the actor, off the event loops.
    static let atOnceLimit: UInt64 = 2 << 20

    init(registry: TargetRegistry, logger: Logger) {
        self.registry = registry
        self.logger = logger
    }

    /// The answer to `request` given now, on the caller's thread, or nil: the actor answers it
    /// (any other op, a busy target, a changed or invalid spec, a large overlay, a disk in the
    /// middle of a write, an error — the actor gives the error its words).
    public func answerAtOnce(_ request: ControlRequest) -> ControlResponse? {
        switch request.op {
        case .reset:
            guard let iqn = request.iqn, let lun = request.lun else { return nil }
            return state.withLock { s in
                guard !s.busy.contains(iqn), let target = registry.target(iqn) else { return nil }
                return resetAtOnce(target, luns: [lun]) ? ControlResponse(ok: true) : nil
            }
        case .apply, .applyAndReset:
            guard let definition = try? request.target?.validate() else { return nil }
            return state.withLock { s in
                guard !s.busy.contains(definition.iqn), s.definitions[definition.iqn] == definition,
                      let target = registry.target(definition.iqn) else { return nil }
                if request.op == .apply { return ControlResponse(ok: true) }
                return resetAtOnce(target, luns: Self.overlayLUNs(definition)) ? ControlResponse(ok: true) : nil
            }
        case .remove, .list:
            return nil
        }
    }

    /// Resets `luns` of `target` if each is a small overlay whose disk is idle; false when one is
    /// not (what was reset stays reset: a reset may be repeated, the actor does it again).
    /// Called with the lock held.
    func resetAtOnce(_ target: ExportedTarget, luns: [Int]) -> Bool {
        let overlays = luns.map { target.units[$0]?.device as? OverlayDisk }
        guard !overlays.isEmpty, overlays.allSatisfy({ ($0?.overlayBytes ?? .max) <= Self.atOnceLimit }) else { return false }
        target.dropSessions()
        for (lun, overlay) in zip(luns, overlays) {
            guard (try? overlay!.resetIfIdle()) == true else { return false }
            logger.info("target: overlay reset", metadata: ["iqn": "\(target.access.iqn)", "lun": "\(lun)"])
        }
        return true
    }

    /// The LUNs of `definition` that have an overlay.
    static func overlayLUNs(_ definition: TargetDefinition) -> [Int] {
        definition.luns.filter { $0.overlay != nil }.map(\.number)
    }

    /// Runs `body` (the actor's work on `iqn`) with `iqn` marked busy, so no reset here overlaps it.
    func whileBusy<T>(_ iqn: String, _ body: () throws -> T) rethrows -> T {
        state.withLock { _ = $0.busy.insert(iqn) }
        defer { state.withLock { _ = $0.busy.remove(iqn) } }
        return try body()
    }
}

import Domain
import Foundation

/// Targets kept in memory, for provisioning logic tests that need no network. The real tgt
/// driver runs under the same provisioner in the crash tier (reset-on-boot included).
final class MemoryTargetDriver: TargetDriver, @unchecked Sendable {
    let kind = TargetDriverKind.tgt
    let firstLUN = 1
    /// Serve base + overlay disks (as the built-in target does); each target then reports 0 overlay bytes.
    let servesOverlays: Bool

    init(overlays: Bool = false) { servesOverlays = overlays }
    private let lock = NSLock()
    private var state: [String: TargetState] = [:]
    private var _log: [String] = []
    private var _lists = 0

    var log: [String] { lock.withLock { _log } }
    /// How many times the targets were listed (each reconcile lists them once).
    var lists: Int { lock.withLock { _lists } }

    func availability() async -> DriverAvailability { .available }

    func listTargets(prefix: String) async throws -> [TargetState] {
        lock.withLock {
            _lists += 1
            return state.values.filter { $0.iqn.hasPrefix(prefix) }.sorted { $0.iqn < $1.iqn }
        }
    }

    func applyTarget(_ spec: TargetSpec) async throws {
        lock.withLock {
            _log.append("apply \(spec.iqn)")
            state[spec.iqn] = TargetState(iqn: spec.iqn,
                                          luns: spec.disks.enumerated().map { .init(number: firstLUN + $0.offset, path: $0.element.backing.path) },
                                          initiators: [spec.initiatorIQN], chap: spec.chap != nil,
                                          overlayBytes: spec.disks.contains { $0.overlay != nil } ? 0 : nil)
        }
    }

    /// With overlays: the target over the current versions (its overlays hold nothing after a reset).
    func resetOverlays(_ spec: TargetSpec) async throws {
        guard servesOverlays else { throw DriverError.invalid("the memory target driver keeps no overlays") }
        try await applyTarget(spec)
    }

    func removeTarget(iqn: String) async throws {
        lock.withLock {
            _log.append("remove \(iqn)")
            state[iqn] = nil
        }
    }

    /// What `removeLeftovers` finds (planted by a test) and removes.
    private var leftovers: [String] = []
    func plantLeftover(_ name: String) { lock.withLock { leftovers.append(name) } }

    func removeLeftovers(prefix: String) async throws -> [String] {
        lock.withLock {
            _log.append("leftovers \(prefix)")
            defer { leftovers = [] }
            return leftovers
        }
    }

    /// Plants a target by hand (an orphan, or one to be damaged).
    func plant(_ t: TargetState) { lock.withLock { state[t.iqn] = t } }
}

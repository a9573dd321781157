import Domain
import Foundation
import ISCSITargets
import Services

/// Makes the built-in target driver follow settings `iscsi.builtin` without a restart: a new
/// overlay directory is created (0700) before the update is saved — one that cannot be is a
/// refusal (422) naming it — and the driver's next applies use the new directory and cap.
/// (A new directory while overlays exist was refused before this runs: `SettingsService`.)
struct OverlayPlacementFollower: LiveSettingsApplier {
    let placement: OverlayPlacement
    let resolve: @Sendable (BuiltinTargetSettings) -> OverlayPlacement.Value

    func apply(old: Settings, new: Settings) async throws {
        guard old.iscsi.builtin != new.iscsi.builtin else { return }
        let next = resolve(new.iscsi.builtin)
        do {
            try FileManager.default.createDirectory(atPath: next.root, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ServiceError.validation(ValidationError([FieldError(field: "iscsi.builtin.overlayDirectory",
                message: "cannot create the overlay directory \(next.root): \(error.localizedDescription)")]))
        }
        placement.current = next
    }
}

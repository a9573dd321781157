import Domain
import Foundation

extension SettingsService {
    /// The overlay directory in effect for `settings` (absolute): the setting, else
    /// `DISKLESSD_OVERLAY_DIR`, else `<dataDir>/overlays`.
    func overlayRoot(_ settings: Settings) -> String {
        let root = settings.iscsi.builtin.overlayRoot(dataDir: context.config.dataDir, environment: ProcessInfo.processInfo.environment)
        return root.hasPrefix("/") ? root : FileManager.default.currentDirectoryPath + "/" + root
    }

    /// A new overlay directory while overlays exist in the one in effect is refused (422 naming
    /// the count): disklessd does not move overlays, and the machines would lose their writes
    /// (a persistent machine its whole state) at the next apply. Empty when the change is allowed.
    func overlayMoveProblems(old: Settings, new: Settings) -> [FieldError] {
        let before = overlayRoot(old), after = overlayRoot(new)
        guard before != after else { return [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: before)) ?? []
        let count = names.filter { $0.hasSuffix(".overlay") }.count
        guard count > 0 else { return [] }
        let overlays = count == 1 ? "1 overlay exists" : "\(count) overlays exist"
        return [FieldError(field: "iscsi.builtin.overlayDirectory",
                           message: "the overlay directory cannot change while \(overlays) in \(before) (machines' writes over their image): "
                               + "disklessd does not move overlays; keep the current directory, or delete their machines and reconcile first")]
    }
}

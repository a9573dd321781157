import BuiltinTarget
import Domain
import Foundation

extension BuiltinTargetDriver {
    /// Overlays (and their maps) in `overlayRoot` that no target of the built-in target uses: a
    /// deleted machine's, or one left over a base its machine no longer reads. Removing a target
    /// keeps its overlays (a renamed machine's new target takes them over in the same reconcile),
    /// so this full-reconcile step is where they go. Only our names (`dl_…`) are touched.
    public func removeLeftovers(prefix: String) async throws -> [String] {
        let used = Set(try await status().flatMap { $0.luns.flatMap { [$0.overlay, $0.map].compactMap { $0 } } })
        let names = (try? FileManager.default.contentsOfDirectory(atPath: overlayRoot)) ?? []
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix(DiskNames.prefix) && (name.hasSuffix(".overlay") || name.hasSuffix(".map")) {
            let path = (overlayRoot as NSString).appendingPathComponent(name)
            guard !used.contains(path) else { continue }
            if unlink(path) == 0 || errno == ENOENT { removed.append(path) }
        }
        return removed
    }
}

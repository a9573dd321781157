import Domain

extension LIOTargetDriver {
    /// Backstores of our volumes (`core/<hba>/dl_…`) that no LUN links to: a crash between making a
    /// backstore and linking it, or between unlinking a LUN and removing its backstore, leaves one
    /// that holds its file or LV open, so removing or resetting that volume would fail ("in use")
    /// on every run. `prefix` (the target prefix) does not name backstores: their volume names do.
    public func removeLeftovers(prefix: String) async throws -> [String] {
        var removed: [String] = []
        for hba in fs.children(["core"]) where hba.hasPrefix("iblock_") || hba.hasPrefix("fileio_") {
            for volume in fs.children(["core", hba]) where volume.hasPrefix(DiskNames.prefix) {
                guard !isLinked(fs.path(["core", hba, volume])) else { continue }
                try fs.removeGroup(["core", hba, volume])
                removed.append("core/\(hba)/\(volume)")
            }
        }
        return removed
    }
}

/// A file exported read-write as a whole (a super workstation's working copy) has one writer and
/// no readers underneath: it is never also the read-only base of an overlay LUN, whose readers
/// would see blocks change under their overlays (their page-cache sharing assumes a frozen base).
/// `serve` never plans that (overlays sit on frozen versions); the target refuses it anyway, so a
/// wrong spec is an error and not a silent corruption.
enum ExclusiveWriter {
    /// Why `definition` may not be applied beside `others` (the other targets), or nil.
    static func conflict(_ definition: TargetDefinition, others: [TargetDefinition]) -> String? {
        let everyone = others.filter { $0.iqn != definition.iqn } + [definition]
        var writers: [String: String] = [:]   // path → target exporting it read-write
        var bases: [String: String] = [:]     // path → target reading it as a base
        for target in everyone {
            for lun in target.luns {
                if let path = lun.path, lun.readOnly != true { writers[path] = writers[path] ?? target.iqn }
                if let base = lun.base { bases[base] = bases[base] ?? target.iqn }
            }
        }
        for (path, writer) in writers.sorted(by: { $0.key < $1.key }) {
            guard let reader = bases[path], writer == definition.iqn || reader == definition.iqn else { continue }
            return "\(path) is exported read-write by \(writer) (a working copy has one writer) and cannot be an overlay's base in \(reader)"
        }
        return nil
    }
}

import Testing
@testable import BuiltinTarget

/// A file one LUN exports read-write (a working copy) is never an overlay's base, whichever
/// target comes first; read-only exports and overlays over frozen versions mix freely.
@Suite struct ExclusiveWriterTests {
    let working = "/srv/disks/dl_img1_work.img", version = "/srv/disks/dl_img1_v1.img"

    func whole(_ iqn: String, _ path: String, readOnly: Bool = false) -> TargetDefinition {
        TargetDefinition(iqn: "iqn.2026-12.org.test:\(iqn)", initiators: ["iqn.2026-12.org.test:client.\(iqn)"],
                         luns: [.init(number: 0, path: path, readOnly: readOnly)])
    }

    func overlay(_ iqn: String, over base: String) -> TargetDefinition {
        TargetDefinition(iqn: "iqn.2026-12.org.test:\(iqn)", initiators: ["iqn.2026-12.org.test:client.\(iqn)"],
                         luns: [.init(number: 0, base: base, overlay: "/srv/ovl/\(iqn).overlay", map: "/srv/ovl/\(iqn).map")])
    }

    @Test func anOverlayOverAFileExportedReadWriteIsRefusedEitherWay() {
        let why = ExclusiveWriter.conflict(overlay("pc2", over: working), others: [whole("pc1", working)])
        #expect(why?.contains("iqn.2026-12.org.test:pc1") == true && why?.contains(working) == true, "\(why ?? "nil")")
        #expect(ExclusiveWriter.conflict(whole("pc1", working), others: [overlay("pc2", over: working)]) != nil)
    }

    @Test func versionsUnderOverlaysAndReadOnlyExportsAreFine() {
        let others = [whole("pc1", working), overlay("pc2", over: version), overlay("pc3", over: version)]
        #expect(ExclusiveWriter.conflict(overlay("pc4", over: version), others: others) == nil)
        #expect(ExclusiveWriter.conflict(whole("pc5", version, readOnly: true), others: others) == nil)
        // Re-applying the writer itself (same IQN) is not a conflict with its old definition.
        #expect(ExclusiveWriter.conflict(whole("pc1", working), others: others) == nil)
    }

    @Test func anOldConflictDoesNotBlockAnUnrelatedTarget() {
        let others = [whole("pc1", working), overlay("pc2", over: working)]   // from an old state file
        #expect(ExclusiveWriter.conflict(overlay("pc4", over: version), others: others) == nil)
    }
}

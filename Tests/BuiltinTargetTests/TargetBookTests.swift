@testable import BuiltinTarget
import Domain
import Foundation
import Logging
import Testing

/// `TargetBook.answerAtOnce` (what a control connection answers on its event loop) on real files:
/// it resets a small idle overlay and says yes to an unchanged apply, and gives everything else
/// to the actor — a target the actor is working on, a large overlay, a changed or invalid spec.
@Suite struct TargetBookTests {
    let dir: String
    let iqn = "iqn.2026-12.org.disklessd.test:pc1"

    init() throws {
        dir = NSTemporaryDirectory() + "book-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: dir + "/base.img", contents: Data(count: 16 << 20))
    }

    func definition(initiators: [String] = ["iqn.2026-12.org.disklessd.test:client1"], overlay: String = "/pc1.ovl") -> TargetDefinition {
        TargetDefinition(iqn: iqn, initiators: initiators,
                         luns: [.init(number: 0, base: dir + "/base.img", overlay: dir + overlay, map: dir + "/pc1.map")])
    }

    func overlay(_ table: TargetTable) throws -> OverlayDisk {
        try #require(table.book.registry.target(iqn)?.units[0]?.device as? OverlayDisk)
    }

    @Test func resetsAndUnchangedAppliesAreAnsweredAtOnceAndTheRestGoesToTheActor() async throws {
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let table = TargetTable(registry: TargetRegistry(), stateFile: nil, logger: Logger(label: "test"))
        let book = table.book
        #expect(await table.handle(ControlRequest(op: .apply, target: definition())).ok)
        let disk = try overlay(table)
        let page = [UInt8](repeating: 0xab, count: 4096)

        try disk.write(lba: 0, data: page, fua: false)
        #expect(book.answerAtOnce(ControlRequest(op: .reset, iqn: iqn, lun: 0))?.ok == true)
        #expect(disk.overlayBytes == 0)
        try disk.write(lba: 0, data: page, fua: false)
        #expect(book.answerAtOnce(ControlRequest(op: .applyAndReset, target: definition()))?.ok == true)
        #expect(disk.overlayBytes == 0)
        #expect(book.answerAtOnce(ControlRequest(op: .apply, target: definition()))?.ok == true)

        // The actor is working on the target: nothing is done here.
        try disk.write(lba: 0, data: page, fua: false)
        book.state.withLock { _ = $0.busy.insert(iqn) }
        #expect(book.answerAtOnce(ControlRequest(op: .reset, iqn: iqn, lun: 0)) == nil)
        #expect(book.answerAtOnce(ControlRequest(op: .applyAndReset, target: definition())) == nil)
        #expect(book.answerAtOnce(ControlRequest(op: .apply, target: definition())) == nil)
        #expect(disk.overlayBytes == 4096)
        book.state.withLock { _ = $0.busy.remove(iqn) }

        // A changed or invalid spec, an unknown LUN, a large overlay: the actor's.
        #expect(book.answerAtOnce(ControlRequest(op: .applyAndReset, target: definition(overlay: "/other.ovl"))) == nil)
        #expect(book.answerAtOnce(ControlRequest(op: .apply, target: definition(initiators: []))) == nil)
        #expect(book.answerAtOnce(ControlRequest(op: .reset, iqn: iqn, lun: 1)) == nil)
        #expect(disk.overlayBytes == 4096)
        try disk.write(lba: 0, data: [UInt8](repeating: 0xcd, count: Int(TargetBook.atOnceLimit) + 4096), fua: false)
        #expect(book.answerAtOnce(ControlRequest(op: .reset, iqn: iqn, lun: 0)) == nil)
        #expect(disk.overlayBytes > TargetBook.atOnceLimit)
        #expect(await table.handle(ControlRequest(op: .reset, iqn: iqn, lun: 0)).ok)
        #expect(disk.overlayBytes == 0)
    }
}

@testable import BuiltinTarget
import Domain
import Foundation
import Testing
import TgtSupport
@testable import ISCSITargets

/// `applyAndReset` (a machine's reset in one control round trip) against a real `disklessd
/// target` process: an unchanged spec only resets, a changed one is applied and then reset, a
/// bad one is refused with the reason and resets nothing; answers given on the event loop and by
/// the actor stay in request order on one pipelined connection.
@Suite(.serialized, .enabled(if: BuiltinTargetDaemon.canRun, "needs root, the disklessd binary, iscsi-inq and qemu-io (libiscsi-bin, qemu-utils, qemu-block-extra)"))
struct BuiltinApplyAndResetTests {
    let pc1 = "iqn.2022-10.org.dbc.iscsi:pc1"
    let init1 = "iqn.2022-10.org.dbc.iscsi:client.000000000001"

    func definition(_ dir: String, base: String, initiators: [String]? = nil) -> TargetDefinition {
        TargetDefinition(iqn: pc1, initiators: initiators ?? [init1],
                         luns: [.init(number: 0, base: base, overlay: "\(dir)/pc1.ovl", map: "\(dir)/pc1.map")])
    }

    /// A running target in a fresh directory with `pc1` applied over a base of `baseMiB` MiB.
    struct Fixture {
        let dir: String
        let base: String
        let target: BuiltinTargetDaemon
        let client: ControlClient

        func close() {
            target.stop()
            try? FileManager.default.removeItem(atPath: dir)
        }
    }

    func started(baseMiB: Int) async throws -> Fixture {
        let dir = try makeTempDirectory("builtin-ar")
        do {
            let base = "\(dir)/base.img"
            try Data(repeating: 0x11, count: baseMiB << 20).write(to: URL(fileURLWithPath: base))
            let target = try await BuiltinTargetDaemon(dir: dir)
            let fixture = Fixture(dir: dir, base: base, target: target, client: ControlClient(path: target.control, timeoutSeconds: 5))
            do {
                _ = try await fixture.client.send(ControlRequest(op: .apply, target: definition(dir, base: base)))
            } catch {
                fixture.close()
                throw error
            }
            return fixture
        } catch {
            try? FileManager.default.removeItem(atPath: dir)
            throw error
        }
    }

    func write(_ port: Int) async throws {
        let opts = "driver=iscsi,transport=tcp,portal=127.0.0.1:\(port),target=\(pc1),lun=0,initiator-name=\(init1)"
        let (status, out) = try await initiator("/usr/bin/qemu-io", ["--image-opts", opts, "-c", "write -P 0xab 0 64k", "-c", "flush"])
        #expect(status == 0, "qemu-io write: \(out)")
    }

    func overlayBytes(_ client: ControlClient) async throws -> UInt64? {
        try await client.send(ControlRequest(op: .list)).targets?.first { $0.iqn == pc1 }?.luns.first?.overlayBytes
    }

    func applied(_ dir: String) -> Int {
        ((try? String(contentsOfFile: "\(dir)/target.log", encoding: .utf8)) ?? "").components(separatedBy: "target: applied").count - 1
    }

    @Test func anUnchangedSpecOnlyResetsAChangedOneIsAppliedThenResetABadOneResetsNothing() async throws {
        let fixture = try await started(baseMiB: 16)
        defer { fixture.close() }
        let (dir, base, target, client) = (fixture.dir, fixture.base, fixture.target, fixture.client)
        #expect(applied(dir) == 1)

        // Unchanged: reset only (no second "applied").
        try await write(target.port)
        #expect(try await overlayBytes(client) == 65536)
        _ = try await client.send(ControlRequest(op: .applyAndReset, target: definition(dir, base: base)))
        #expect(try await overlayBytes(client) == 0)
        #expect(applied(dir) == 1)

        // Changed (one more initiator): applied, then reset.
        try await write(target.port)
        let changed = definition(dir, base: base, initiators: [init1, "iqn.2022-10.org.dbc.iscsi:client.000000000009"])
        _ = try await client.send(ControlRequest(op: .applyAndReset, target: changed))
        #expect(applied(dir) == 2)
        let listed = try await client.send(ControlRequest(op: .list)).targets?.first
        #expect(listed?.initiators == changed.initiators)
        #expect(listed?.luns.first?.overlayBytes == 0)

        // Bad specs: refused with the reason, the overlay keeps its writes.
        try await write(target.port)
        var relative = changed
        relative.luns[0].overlay = "relative/pc1.ovl"
        var missingBase = changed
        missingBase.luns[0].base = "\(dir)/no-such-base.img"
        for (bad, reason) in [(relative, "not an absolute path"), (missingBase, "no-such-base.img")] {
            do {
                _ = try await client.send(ControlRequest(op: .applyAndReset, target: bad))
                Issue.record("a bad spec was taken: \(bad)")
            } catch ControlClient.ClientError.refused(let why) {
                #expect(why.contains(reason), "refusal: \(why)")
            }
        }
        #expect(try await overlayBytes(client) == 65536)
        #expect(applied(dir) == 2)
        // The old ops still work: reset alone.
        _ = try await client.send(ControlRequest(op: .reset, iqn: pc1, lun: 0))
        #expect(try await overlayBytes(client) == 0)
    }

    /// Resets (answered on the event loop) and lists (answered by the actor), 40 at once on the
    /// one kept connection: each caller gets its own answer — a list gets targets, a reset none.
    @Test func answersFromTheEventLoopAndTheActorKeepRequestOrder() async throws {
        let fixture = try await started(baseMiB: 4)
        defer { fixture.close() }
        let client = fixture.client
        let spec = definition(fixture.dir, base: fixture.base)
        try await withThrowingTaskGroup(of: (Bool, Bool).self) { group in
            for i in 0..<40 {
                let isList = i % 3 == 0
                group.addTask {
                    let answer = try await client.send(isList ? ControlRequest(op: .list) : ControlRequest(op: .applyAndReset, target: spec))
                    return (isList, answer.targets != nil)
                }
            }
            for try await (isList, hasTargets) in group { #expect(isList == hasTargets) }
        }
    }
}

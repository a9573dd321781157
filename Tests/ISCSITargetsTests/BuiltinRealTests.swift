@testable import BuiltinTarget
import Domain
import Foundation
import TestSupport
import Testing
import TgtSupport
@testable import ISCSITargets

/// Real parts: the builtin driver against a real `disklessd target` process (the binary built
/// beside this test bundle) on loopback, with real user-space initiators (libiscsi's iscsi-inq,
/// qemu-io's iSCSI block driver). Needs root, libiscsi-bin, qemu-utils and qemu-block-extra.
@Suite(.serialized, .enabled(if: BuiltinTargetDaemon.canRun, "needs root, the disklessd binary, iscsi-inq and qemu-io (libiscsi-bin, qemu-utils, qemu-block-extra)"))
struct BuiltinRealTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    func qemuIO(_ port: Int, iqn: String, initiator name: String, chap: CHAPCredentials? = nil, _ commands: String...) async throws -> (Int32, String) {
        var opts = "driver=iscsi,transport=tcp,portal=127.0.0.1:\(port),target=\(iqn),lun=0,initiator-name=\(name)"
        if let chap { opts += ",user=\(chap.username),password=\(chap.secret)" }
        return try await initiator("/usr/bin/qemu-io", ["--image-opts", opts] + commands.flatMap { ["-c", $0] })
    }

    func spec(_ n: Int, base: String, port: Int, chap: CHAPCredentials? = nil) -> TargetSpec {
        TargetSpec(iqn: "\(prefix):pc\(n)", initiatorIQN: "\(prefix):client.00000000000\(n)",
                   disks: [.init(volume: "dl_img1_v1", backing: .file(path: base), overlay: "dl_m\(n)_img1")],
                   chap: chap, portalAddress: IPv4Address(127, 0, 0, 1), portalPort: port)
    }

    /// Two machines over one base: each writes its own overlay only, the base never changes, a
    /// reset drops the overlay, a logged-in session is listed (presence), and removing a target
    /// leaves its overlay to `removeLeftovers`, which keeps the ones a target uses.
    @Test func overlaysKeepEachMachinesWritesApartAndResetDropsThem() async throws {
        let dir = try makeTempDirectory("builtin")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = "\(dir)/dl_img1_v1.img"
        try (Data(repeating: 0x11, count: 1 << 20) + Data(count: 63 << 20)).write(to: URL(fileURLWithPath: base))
        let target = try await BuiltinTargetDaemon(dir: dir)
        defer { target.stop() }
        let driver = BuiltinTargetDriver(client: ControlClient(path: target.control), overlayRoot: "\(dir)/overlays")
        #expect(driver.firstLUN == 0 && driver.servesOverlays)
        let chap = CHAPCredentials(username: "pc2", secret: "s3cret-pc2-abc")
        try await driver.applyTarget(spec(1, base: base, port: target.port))
        try await driver.applyTarget(spec(2, base: base, port: target.port, chap: chap))
        let pc1 = "\(prefix):pc1", pc2 = "\(prefix):pc2", init1 = "\(prefix):client.000000000001", init2 = "\(prefix):client.000000000002"

        let (inqStatus, inq) = try await initiator("/usr/bin/iscsi-inq", ["-i", init1, "iscsi://127.0.0.1:\(target.port)/\(pc1)/0"])
        #expect(inqStatus == 0 && inq.contains("Peripheral Device Type"), "iscsi-inq: \(inq)")

        let (w, wout) = try await qemuIO(target.port, iqn: pc1, initiator: init1, "write -P 0xab 0 4k", "flush")
        #expect(w == 0, "qemu-io write: \(wout)")
        let (r, rout) = try await qemuIO(target.port, iqn: pc1, initiator: init1, "read -P 0xab 0 4k", "read -P 0x11 4k 4k")
        #expect(r == 0 && !rout.contains("Pattern verification failed"), "qemu-io read: \(rout)")
        // pc2 (with CHAP) still sees the base; the base file is untouched.
        let (r2, r2out) = try await qemuIO(target.port, iqn: pc2, initiator: init2, chap: chap, "read -P 0x11 0 4k")
        #expect(r2 == 0 && !r2out.contains("Pattern verification failed"), "pc2 read: \(r2out)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: base)).prefix(4096) == Data(repeating: 0x11, count: 4096))
        // ACL and CHAP are enforced.
        let (wrong, _) = try await qemuIO(target.port, iqn: pc1, initiator: init2, "read 0 512")
        #expect(wrong != 0, "pc1's target let another initiator in")
        let (noChap, _) = try await qemuIO(target.port, iqn: pc2, initiator: init2, "read 0 512")
        #expect(noChap != 0, "pc2's target let an initiator in without CHAP")

        let listed = try await driver.listTargets(prefix: prefix)
        #expect(listed.map(\.iqn) == [pc1, pc2])
        #expect(listed.map(\.chap) == [false, true])
        #expect(listed.first?.luns == [TargetState.LUN(number: 0, path: base)])
        #expect(listed.first?.initiators == [init1])
        // The overlay's size per machine: pc1 wrote, so its overlay holds bytes.
        #expect((listed.first?.overlayBytes ?? 0) > 0, "pc1's overlay size: \(String(describing: listed.first?.overlayBytes))")

        // Presence: a session held open by qemu-io is listed while it lasts.
        let holder = Task { try await qemuIO(target.port, iqn: pc1, initiator: init1, "sleep 4000") }
        var seen: [TargetState.Session] = []
        for _ in 0..<60 where seen.isEmpty {
            seen = try await driver.listTargets(prefix: pc1).first?.sessions ?? []
            if seen.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(seen.map(\.initiator) == [init1])
        _ = try await holder.value

        // Reset: pc1 reads the base again.
        try await driver.resetOverlays(spec(1, base: base, port: target.port))
        let (rr, rrout) = try await qemuIO(target.port, iqn: pc1, initiator: init1, "read -P 0x11 0 4k")
        #expect(rr == 0 && !rrout.contains("Pattern verification failed"), "after reset: \(rrout)")
        #expect(try await driver.listTargets(prefix: pc1).first?.overlayBytes == 0, "a reset overlay holds nothing")

        // Apply is idempotent; a removed target's overlay goes with the leftovers, pc1's stays.
        try await driver.applyTarget(spec(1, base: base, port: target.port))
        let withoutSizes = { (targets: [TargetState]) in targets.map { t -> TargetState in var t = t; t.overlayBytes = nil; return t } }
        #expect(withoutSizes(try await driver.listTargets(prefix: prefix)) == withoutSizes(listed))
        try await driver.removeTarget(iqn: pc2)
        try await driver.removeTarget(iqn: pc2)
        let pc2Files = driver.overlayFiles(overlay: "dl_m2_img1", base: "dl_img1_v1")
        #expect(try await driver.removeLeftovers(prefix: prefix).sorted() == [pc2Files.map, pc2Files.overlay])
        let pc1Files = driver.overlayFiles(overlay: "dl_m1_img1", base: "dl_img1_v1")
        #expect(FileManager.default.fileExists(atPath: pc1Files.overlay) && !FileManager.default.fileExists(atPath: pc2Files.overlay))
        #expect(try await driver.listTargets(prefix: prefix).map(\.iqn) == [pc1])
    }

    /// A stopped target is reported unavailable with the socket's path, not as an empty list.
    @Test func aStoppedTargetIsUnavailable() async throws {
        let dir = try makeTempDirectory("builtin")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let driver = BuiltinTargetDriver(client: ControlClient(path: "\(dir)/none.sock", timeoutSeconds: 2), overlayRoot: dir)
        guard case .unavailable(let why) = await driver.availability() else { Issue.record("no target, yet available"); return }
        #expect(why.contains("\(dir)/none.sock"))
        await #expect(throws: DriverError.self) { try await driver.listTargets(prefix: prefix) }
    }

    /// The driver keeps one control connection: requests (20 at once, pipelined) share it. A reset
    /// then a `kill -9` and restart of the target: the restarted target restores pc1 with an empty
    /// overlay (the reset reached no disk sync, only the page cache), and the same driver reaches
    /// it again on a new connection without being told.
    @Test func theKeptConnectionReconnectsAfterARestartAndAResetSurvivesAKill() async throws {
        let dir = try makeTempDirectory("builtin")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = "\(dir)/dl_img1_v1.img"
        try (Data(repeating: 0x11, count: 1 << 20) + Data(count: 15 << 20)).write(to: URL(fileURLWithPath: base))
        let first = try await BuiltinTargetDaemon(dir: dir)
        defer { first.stop() }
        let driver = BuiltinTargetDriver(client: ControlClient(path: first.control, timeoutSeconds: 5), overlayRoot: "\(dir)/overlays")
        let pc1 = "\(prefix):pc1", init1 = "\(prefix):client.000000000001"
        try await driver.applyTarget(spec(1, base: base, port: first.port))
        let kept = try #require(driver.client.connection.kept)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<20 { group.addTask { try await driver.listTargets(prefix: pc1).count } }
            for try await count in group { #expect(count == 1) }
        }
        #expect(driver.client.connection.kept === kept)

        let (w, wout) = try await qemuIO(first.port, iqn: pc1, initiator: init1, "write -P 0xab 0 64k", "flush")
        #expect(w == 0, "qemu-io write: \(wout)")
        #expect(try await driver.status().first?.luns.first?.overlayBytes == 65536)
        try await driver.resetOverlays(spec(1, base: base, port: first.port))
        first.stop()
        for _ in 0..<100 where first.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }

        let second = try await BuiltinTargetDaemon(dir: dir)
        defer { second.stop() }
        let listed = try await driver.status()
        #expect(listed.map(\.iqn) == [pc1])
        #expect(listed.first?.luns.first?.overlayBytes == 0)
        #expect(driver.client.connection.kept !== kept)
        let (r, rout) = try await qemuIO(second.port, iqn: pc1, initiator: init1, "read -P 0x11 0 64k")
        #expect(r == 0 && !rout.contains("Pattern verification failed"), "after reset + kill -9 + restart: \(rout)")
    }
}

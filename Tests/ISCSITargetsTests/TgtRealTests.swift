import Domain
import Foundation
import TestSupport
import Testing
import TgtSupport
@testable import ISCSITargets

/// Real parts: the tgt driver against a real tgtd on loopback, and real user-space initiators
/// (libiscsi's iscsi-inq, qemu-io's iSCSI block driver). Needs root, tgt, libiscsi-bin, qemu-utils
/// and qemu-block-extra.
@Suite(.serialized, .enabled(if: TgtDaemon.canRun, "needs root, tgtd, iscsi-inq and qemu-io (tgt, libiscsi-bin, qemu-utils, qemu-block-extra)"))
struct TgtRealTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    func qemuIO(_ port: Int, iqn: String, initiator name: String, chap: CHAPCredentials? = nil, _ command: String) async throws -> (Int32, String) {
        var opts = "driver=iscsi,transport=tcp,portal=127.0.0.1:\(port),target=\(iqn),lun=1,initiator-name=\(name)"
        if let chap { opts += ",user=\(chap.username),password=\(chap.secret)" }
        return try await initiator("/usr/bin/qemu-io", ["--image-opts", opts, "-c", command])
    }

    @Test func aMachineWritesItsOwnDiskOnlyAndOthersAreRefused() async throws {
        let dir = try makeTempDirectory("tgt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tgtd = try await TgtDaemon(logPath: dir + "/tgtd.log")
        // Image content: 0x11 everywhere in the first MiB; two machine disks copied from it.
        let image = Data(repeating: 0x11, count: 1 << 20) + Data(count: 63 << 20)
        for name in ["dl_img1_v1", "dl_m1_img1", "dl_m2_img1"] {
            try image.write(to: URL(fileURLWithPath: "\(dir)/\(name).img"))
        }
        do {
            let driver = tgtd.driver
            let chap = CHAPCredentials(username: "pc2", secret: "s3cret-pc2-abc")
            for (n, c) in [(1, nil), (2, chap)] as [(Int, CHAPCredentials?)] {
                try await driver.applyTarget(TargetSpec(
                    iqn: "\(prefix):pc\(n)", initiatorIQN: "\(prefix):client.00000000000\(n)",
                    disks: [.init(volume: "dl_m\(n)_img1", backing: .file(path: "\(dir)/dl_m\(n)_img1.img"))],
                    chap: c, portalAddress: IPv4Address(127, 0, 0, 1), portalPort: tgtd.port))
            }
            let pc1 = "\(prefix):pc1", pc2 = "\(prefix):pc2"

            let (inqStatus, inq) = try await initiator("/usr/bin/iscsi-inq", ["-i", "\(prefix):client.000000000001",
                                                                              "iscsi://127.0.0.1:\(tgtd.port)/\(pc1)/1"])
            #expect(inqStatus == 0, "iscsi-inq: \(inq)")
            #expect(inq.contains("Peripheral Device Type"))

            let (w, wout) = try await qemuIO(tgtd.port, iqn: pc1, initiator: "\(prefix):client.000000000001", "write -P 0xab 0 4k")
            #expect(w == 0, "qemu-io write: \(wout)")
            let (r, rout) = try await qemuIO(tgtd.port, iqn: pc1, initiator: "\(prefix):client.000000000001", "read -P 0xab 0 4k")
            #expect(r == 0 && !rout.contains("Pattern verification failed"), "qemu-io read: \(rout)")

            // The write landed in pc1's file and nowhere else.
            #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/dl_m1_img1.img")).prefix(4096) == Data(repeating: 0xab, count: 4096))
            for other in ["dl_img1_v1", "dl_m2_img1"] {
                #expect(try Data(contentsOf: URL(fileURLWithPath: "\(dir)/\(other).img")).prefix(4096) == Data(repeating: 0x11, count: 4096))
            }

            // ACL: another initiator name is refused.
            let (refused, rlog) = try await qemuIO(tgtd.port, iqn: pc1, initiator: "\(prefix):client.000000000002", "read 0 512")
            #expect(refused != 0, "pc1's target let another initiator in: \(rlog)")

            // CHAP: pc2 without credentials is refused, with them it reads its own (untouched) disk.
            let (noChap, _) = try await qemuIO(tgtd.port, iqn: pc2, initiator: "\(prefix):client.000000000002", "read 0 512")
            #expect(noChap != 0)
            let (withChap, cout) = try await qemuIO(tgtd.port, iqn: pc2, initiator: "\(prefix):client.000000000002", chap: chap,
                                                    "read -P 0x11 0 4k")
            #expect(withChap == 0 && !cout.contains("Pattern verification failed"), "chap read: \(cout)")

            let listed = try await driver.listTargets(prefix: prefix)
            #expect(listed.map(\.iqn) == [pc1, pc2])
            #expect(listed.map(\.chap) == [false, true])
            #expect(listed.first?.luns == [TargetState.LUN(number: 1, path: "\(dir)/dl_m1_img1.img")])

            // Apply is idempotent, remove is complete and repeatable.
            try await driver.applyTarget(TargetSpec(iqn: pc1, initiatorIQN: "\(prefix):client.000000000001",
                                                    disks: [.init(volume: "dl_m1_img1", backing: .file(path: "\(dir)/dl_m1_img1.img"))],
                                                    portalAddress: IPv4Address(127, 0, 0, 1), portalPort: tgtd.port))
            #expect(try await driver.listTargets(prefix: prefix) == listed)
            try await driver.removeTarget(iqn: pc1)
            try await driver.removeTarget(iqn: pc1)
            try await driver.removeTarget(iqn: pc2)
            #expect(try await driver.listTargets(prefix: prefix).isEmpty)
        } catch {
            await tgtd.stop()
            throw error
        }
        await tgtd.stop()
    }

    /// A super workstation toggles its LUN between its clone and the image's working copy: tgt
    /// re-creates the LUN on the new file, the initiator reads the new content, and tgtd keeps no
    /// descriptor on the file it left (else removing or resetting that volume would keep it alive).
    @Test func toggledBackingLeavesNothingOpenOnTheOldFile() async throws {
        let dir = try makeTempDirectory("tgt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tgtd = try await TgtDaemon(logPath: dir + "/tgtd.log")
        for (name, byte) in [("dl_m1_img1", UInt8(0x11)), ("dl_img1_work", UInt8(0x22))] {
            try (Data(repeating: byte, count: 4096) + Data(count: (64 << 20) - 4096)).write(to: URL(fileURLWithPath: "\(dir)/\(name).img"))
        }
        let iqn = "\(prefix):pc1", initiatorName = "\(prefix):client.000000000001"
        func spec(_ volume: String) -> TargetSpec {
            TargetSpec(iqn: iqn, initiatorIQN: initiatorName, disks: [.init(volume: volume, backing: .file(path: "\(dir)/\(volume).img"))],
                       portalAddress: IPv4Address(127, 0, 0, 1), portalPort: tgtd.port)
        }
        /// The disk files under `dir` tgtd holds open (its log is there too).
        func openFiles() -> Set<String> {
            let fds = "/proc/\(tgtd.process.pid)/fd"
            let links = (try? FileManager.default.contentsOfDirectory(atPath: fds)) ?? []
            return Set(links.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fds)/\($0)") }.filter { $0.hasPrefix(dir) && $0.hasSuffix(".img") })
        }
        do {
            let driver = tgtd.driver
            for (volume, byte) in [("dl_m1_img1", "0x11"), ("dl_img1_work", "0x22"), ("dl_m1_img1", "0x11")] {
                try await driver.applyTarget(spec(volume))
                #expect(try await driver.listTargets(prefix: prefix).map(\.luns) == [[TargetState.LUN(number: 1, path: "\(dir)/\(volume).img")]])
                #expect(openFiles() == ["\(dir)/\(volume).img"])
                let (r, out) = try await qemuIO(tgtd.port, iqn: iqn, initiator: initiatorName, "read -P \(byte) 0 4k")
                #expect(r == 0 && !out.contains("Pattern verification failed"), "\(volume): \(out)")
            }
            try await driver.removeTarget(iqn: iqn)
            #expect(openFiles().isEmpty)
        } catch {
            await tgtd.stop()
            throw error
        }
        await tgtd.stop()
    }

    /// A crash between `new account` and `bind account` leaves a CHAP account bound to nothing:
    /// `removeLeftovers` deletes ours only, and never one a target holds.
    @Test func leftoverChapAccountsOfOursAreRemoved() async throws {
        let dir = try makeTempDirectory("tgt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tgtd = try await TgtDaemon(logPath: dir + "/tgtd.log")
        try Data(count: 64 << 20).write(to: URL(fileURLWithPath: "\(dir)/dl_m1_img1.img"))
        do {
            let driver = tgtd.driver
            try await driver.applyTarget(TargetSpec(
                iqn: "\(prefix):pc1", initiatorIQN: "\(prefix):client.000000000001",
                disks: [.init(volume: "dl_m1_img1", backing: .file(path: "\(dir)/dl_m1_img1.img"))],
                chap: CHAPCredentials(username: "\(prefix):client.000000000001", secret: "s3cret-pc1-abc"),
                portalAddress: IPv4Address(127, 0, 0, 1), portalPort: tgtd.port))
            for user in ["\(prefix):client.000000000009", "someone-else"] {
                try await driver.tgtadm(["--op", "new", "--mode", "account", "--user", user, "--password", "s3cret-left-abc"])
            }
            #expect(try await driver.removeLeftovers(prefix: prefix + ":") == ["\(prefix):client.000000000009"])
            let left = TgtTargetDriver.accounts(parsing: try await driver.tgtadm(["--op", "show", "--mode", "account"]))
            #expect(Set(left) == ["\(prefix):client.000000000001", "someone-else"])
            #expect(try await driver.listTargets(prefix: prefix).map(\.chap) == [true])
            #expect(try await driver.removeLeftovers(prefix: prefix + ":").isEmpty)
            try await driver.removeTarget(iqn: "\(prefix):pc1")
        } catch {
            await tgtd.stop()
            throw error
        }
        await tgtd.stop()
    }
}

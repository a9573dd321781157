import BuiltinTarget
import Domain
import Foundation
import ISCSITargets
import Services
import Storage
import Testing
import TgtSupport

/// The provisioner over a real SQLite database, the file driver and the builtin target driver
/// driving a real `disklessd target` process, with qemu-io as the machine's initiator. Needs root,
/// the disklessd binary, libiscsi-bin and qemu-io (qemu-utils, qemu-block-extra).
@Suite(.serialized, .enabled(if: BuiltinTargetDaemon.canRun, "needs root, the disklessd binary, iscsi-inq and qemu-io"))
struct BuiltinProvisioningTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    func qemuIO(_ port: Int, _ command: String) async throws -> (Int32, String) {
        let opts = "driver=iscsi,transport=tcp,portal=127.0.0.1:\(port),target=\(prefix):pc1,lun=0,initiator-name=\(prefix):client.525400000001"
        return try await initiator("/usr/bin/qemu-io", ["--image-opts", opts, "-c", command])
    }

    /// No clone is made: the LUN is the version file and the machine's writes live in its
    /// overlay. A new version does not swap the base under the running machine (its overlay was
    /// written over the old one); its reset moves it to the new version with an empty overlay.
    @Test func machineDisksAreOverlaysOverTheVersionAndAResetDropsThem() async throws {
        let tdir = try makeTempDirectory("builtin-prov")
        defer { try? FileManager.default.removeItem(atPath: tdir) }
        let daemon = try await BuiltinTargetDaemon(dir: tdir)
        defer { daemon.stop() }
        let driver = BuiltinTargetDriver(client: ControlClient(path: daemon.control), overlayRoot: tdir + "/overlays")
        let f = try await ProvisioningFixture(targets: driver) { s in
            s.iscsi.serverAddress = IPv4Address(127, 0, 0, 1)
            s.iscsi.portalPort = daemon.port
        }
        defer { f.tearDown() }
        let (image, item) = try await f.imageWithVersion()
        let m = try await f.machine(1, items: [item.id], mode: "persistent")
        let v1 = DiskNames.version(image: image.id, n: 1), v2 = DiskNames.version(image: image.id, n: 2)
        #expect(try f.files() == ["\(v1).img", "\(DiskNames.working(image: image.id)).img"])
        #expect(try await driver.listTargets(prefix: prefix).map(\.luns) == [[.init(number: 0, path: f.path(v1))]])

        let (w, wout) = try await qemuIO(daemon.port, "write -P 0xab 0 4k")
        #expect(w == 0, "write: \(wout)")
        #expect(try readBytes(f.path(v1), offset: 0, count: 4) == [0x11, 0x11, 0x11, 0x11])

        // Version 2: the running machine keeps v1 and its write.
        try writeBytes(f.path(DiskNames.working(image: image.id)), offset: 0, Array(repeating: 0x22, count: 4096))
        _ = try await f.versions.commit(imageID: image.id, note: "second", by: .system)
        #expect(try await driver.listTargets(prefix: prefix).map(\.luns) == [[.init(number: 0, path: f.path(v1))]])
        #expect(try await f.service.reconcile().isClean)
        let (r, rout) = try await qemuIO(daemon.port, "read -P 0xab 0 4k")
        #expect(r == 0 && !rout.contains("Pattern verification failed"), "kept write: \(rout)")

        // Reset: the current version, an empty overlay.
        _ = try await f.service.resetMachine(id: m.id, by: .system)
        #expect(try await driver.listTargets(prefix: prefix).map(\.luns) == [[.init(number: 0, path: f.path(v2))]])
        let (r2, r2out) = try await qemuIO(daemon.port, "read -P 0x22 0 4k")
        #expect(r2 == 0 && !r2out.contains("Pattern verification failed"), "after reset: \(r2out)")

        // Deleting the machine removes its target; the full reconcile removes its overlays.
        _ = try await f.container.machines.delete(id: m.id, by: .system)
        #expect(try await driver.listTargets(prefix: prefix).isEmpty)
        let report = try await f.service.reconcile()
        #expect(report.removed.filter { $0.hasSuffix(".overlay") }.count == 2, "\(report)")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: tdir + "/overlays")) ?? ["?"]).isEmpty)
    }
}

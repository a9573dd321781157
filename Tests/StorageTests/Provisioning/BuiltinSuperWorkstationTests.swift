import BuiltinTarget
import Domain
import Foundation
import ISCSITargets
import Services
import Storage
import Testing
import TgtSupport

/// A super workstation over the builtin driver, with the image version API around it: the
/// provisioner over a real SQLite database, the file driver and a real `disklessd target`
/// process; qemu-io is each machine's initiator. Needs root, the disklessd binary and qemu-io.
@Suite(.serialized, .enabled(if: BuiltinTargetDaemon.canRun, "needs root, the disklessd binary, iscsi-inq and qemu-io"))
struct BuiltinSuperWorkstationTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    /// qemu-io as machine `n` (MAC 52:54:00:00:00:0n) on target `target`, LUN 0.
    func io(_ port: Int, machine n: Int, target: String, _ commands: String...) async throws -> (ok: Bool, output: String) {
        let opts = "driver=iscsi,transport=tcp,portal=127.0.0.1:\(port),target=\(prefix):\(target),lun=0,"
            + "initiator-name=\(prefix):client.52540000000\(n)"
        let (status, output) = try await initiator("/usr/bin/qemu-io", ["--image-opts", opts] + commands.flatMap { ["-c", $0] })
        return (status == 0 && !output.contains("Pattern verification failed") && !output.contains("failed"), output)
    }

    /// Writes through iSCSI to the working copy (whole file, no overlay), commit makes a version
    /// of it that a reset-on-boot machine boots after its reset, rollback brings the old content
    /// back to that machine, discard gives the super workstation the current version again. Only
    /// the super workstation writes the working copy: no other machine logs in to its target, no
    /// second super workstation, no overlay over it.
    @Test func superWorkstationWritesCommitRollbackAndDiscardOverTheBuiltinTarget() async throws {
        let tdir = try makeTempDirectory("builtin-super")
        defer { try? FileManager.default.removeItem(atPath: tdir) }
        let daemon = try await BuiltinTargetDaemon(dir: tdir)
        defer { daemon.stop() }
        let client = ControlClient(path: daemon.control)
        let driver = BuiltinTargetDriver(client: client, overlayRoot: tdir + "/overlays")
        let f = try await ProvisioningFixture(targets: driver) { s in
            s.iscsi.serverAddress = IPv4Address(127, 0, 0, 1)
            s.iscsi.portalPort = daemon.port
        }
        defer { f.tearDown() }
        let (image, item) = try await f.imageWithVersion(fill: 0x11)
        let working = f.path(DiskNames.working(image: image.id))
        let v1 = f.path(DiskNames.version(image: image.id, n: 1)), v2 = f.path(DiskNames.version(image: image.id, n: 2))
        let sw = try await f.container.machines.create(
            MachineInput(name: "pc1", mac: "52:54:00:00:00:01", bootItems: [item.id], diskMode: "persistent", superWorkstation: true), by: .system)
        let pc = try await f.machine(2, items: [item.id], mode: "resetOnBoot")
        let luns = { try await driver.listTargets(prefix: self.prefix).map { [$0.iqn: $0.luns.map(\.path)] } }
        #expect(try await luns() == [["\(prefix):pc1": [working]], ["\(prefix):pc2": [v1]]])

        // The super workstation writes the working copy itself: the file has the marker, no overlay.
        let w = try await io(daemon.port, machine: 1, target: "pc1", "write -P 0xcd 0 4k", "flush")
        #expect(w.ok, "super workstation write: \(w.output)")
        #expect(try readBytes(working, offset: 0, count: 4) == [0xcd, 0xcd, 0xcd, 0xcd])
        #expect(try readBytes(v1, offset: 0, count: 4) == [0x11, 0x11, 0x11, 0x11])
        let overlays = (try? FileManager.default.contentsOfDirectory(atPath: tdir + "/overlays")) ?? []
        #expect(!overlays.contains { $0.hasPrefix(DiskNames.machineDisk(machine: sw.id, image: image.id)) }, "\(overlays)")
        #expect(try await io(daemon.port, machine: 2, target: "pc2", "read -P 0x11 0 4k").ok, "pc2 before the commit")

        // Exclusive: another machine's initiator is refused on the super workstation's target, a
        // second super workstation of the image is refused, and the target refuses an overlay
        // whose base is the working copy.
        let intruder = try await io(daemon.port, machine: 2, target: "pc1", "read 0 4k")
        #expect(!intruder.ok, "pc2 logged in to the working copy: \(intruder.output)")
        await #expect(throws: ServiceError.self) {
            _ = try await f.container.machines.create(
                MachineInput(name: "pc3", mac: "52:54:00:00:00:03", bootItems: [item.id], superWorkstation: true), by: .system)
        }
        let sneaky = TargetDefinition(iqn: "\(prefix):sneaky", initiators: ["\(prefix):client.525400000003"],
                                      luns: [.init(number: 0, base: working, overlay: tdir + "/sneaky.overlay", map: tdir + "/sneaky.map")])
        await #expect(throws: ControlClient.ClientError.self) { _ = try await client.send(ControlRequest(op: .apply, target: sneaky)) }

        // Commit: version 2 has the marker; the reset-on-boot machine gets it at its boot.
        let committed = try await f.versions.commit(imageID: image.id, note: "marker", by: .system)
        #expect(committed.currentVersion == 2)
        #expect(try readBytes(v2, offset: 0, count: 4) == [0xcd, 0xcd, 0xcd, 0xcd])
        try await f.service.bootEvent(machine: pc)
        #expect(try await luns() == [["\(prefix):pc1": [working]], ["\(prefix):pc2": [v2]]])
        let after = try await io(daemon.port, machine: 2, target: "pc2", "read -P 0xcd 0 4k")
        #expect(after.ok, "pc2 after the commit and its reset: \(after.output)")

        // Rollback to version 1: at its next boot the machine reads the old content again.
        _ = try await f.versions.rollback(imageID: image.id, version: 1, by: .system)
        try await f.service.bootEvent(machine: pc)
        #expect(try await luns() == [["\(prefix):pc1": [working]], ["\(prefix):pc2": [v1]]])
        let back = try await io(daemon.port, machine: 2, target: "pc2", "read -P 0x11 0 4k")
        #expect(back.ok, "pc2 after the rollback and its reset: \(back.output)")

        // Discard: the super workstation's next write is dropped; the working copy is the
        // current version (1) again, and the target serves the restored file, not the old inode.
        let w2 = try await io(daemon.port, machine: 1, target: "pc1", "write -P 0xee 0 4k", "flush")
        #expect(w2.ok, "second write: \(w2.output)")
        _ = try await f.versions.discard(imageID: image.id, by: .system)
        #expect(try readBytes(working, offset: 0, count: 4) == [0x11, 0x11, 0x11, 0x11])
        let discarded = try await io(daemon.port, machine: 1, target: "pc1", "read -P 0x11 0 4k")
        #expect(discarded.ok, "the super workstation after the discard: \(discarded.output)")
        #expect(try readBytes(v2, offset: 0, count: 4) == [0xcd, 0xcd, 0xcd, 0xcd], "a version changed")
    }
}

import Domain
import Foundation
import ISCSITargets
import ProcessSpawn
import Services
import Storage
import Testing
import TgtSupport

/// Reset-on-boot over a real tgtd (private, loopback) with the file driver and qemu-io as the
/// machines' initiator: on XFS with reflink the disk is reset in place (no tgtadm call, the same
/// target serves the version's bytes), on the temp directory's filesystem (no reflink) and when an
/// in-place clone fails, the reset takes the detach way and the disk ends whole. Needs root, tgt,
/// libiscsi-bin, qemu-io (qemu-utils, qemu-block-extra); the XFS case also mkfs.xfs and loop devices.
@Suite(.serialized, .enabled(if: TgtDaemon.canRun, "needs root, tgtd, iscsi-inq and qemu-io (tgt, libiscsi-bin, qemu-utils, qemu-block-extra)"))
struct InPlaceResetTgtTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    func qemuIO(_ port: Int, machine n: Int, _ command: String) async throws -> (Int32, String) {
        let opts = "driver=iscsi,transport=tcp,portal=127.0.0.1:\(port),target=\(prefix):pc\(n),lun=1,"
            + "initiator-name=\(prefix):client.52540000000\(n)"
        return try await initiator("/usr/bin/qemu-io", ["--image-opts", opts, "-c", command])
    }

    func reads(_ port: Int, machine n: Int, _ pattern: String) async throws -> Bool {
        let (status, out) = try await qemuIO(port, machine: n, "read -P \(pattern) 0 4k")
        return status == 0 && !out.contains("Pattern verification failed")
    }

    /// Two reset-on-boot machines with targets on tgtd, each with 0xab written over iSCSI; then
    /// machine 1's boot event (or `reset`), and `check` with the fixture, tgtd's port, the machines and how many
    /// tgtadm commands the boot event ran.
    func bootEventAfterWrites(xfs: Bool, halfCloning: Bool = false,
                              reset: (ProvisioningFixture, Machine) async throws -> Void = { f, m in try await f.service.bootEvent(machine: m) },
                              _ check: (ProvisioningFixture, Int, [Machine], Int) async throws -> Void) async throws {
        let tdir = try makeTempDirectory("inplace-tgt")
        defer { try? FileManager.default.removeItem(atPath: tdir) }
        let tgtd = try await TgtDaemon(logPath: tdir + "/tgtd.log")
        let runner = CountingRunner(ProcessCommandRunner(timeoutSeconds: 20))
        var mount: XFSMount?
        var fixture: ProvisioningFixture?
        do {
            let f = try await ProvisioningFixture(targets: TgtTargetDriver(controlPort: tgtd.controlPort, runner: runner), settings: { s in
                s.iscsi.serverAddress = IPv4Address(127, 0, 0, 1)
                s.iscsi.portalPort = tgtd.port
            }, storage: { file -> any StorageDriver in halfCloning ? HalfCloningStorage(inner: file) : file })
            fixture = f
            if xfs { mount = try await XFSMount.make(at: f.root) }
            let (_, item) = try await f.imageWithVersion()
            let machines = [try await f.machine(1, items: [item.id]), try await f.machine(2, items: [item.id])]
            let clean = try await f.service.reconcile().isClean
            #expect(clean)
            for n in [1, 2] {
                let (w, out) = try await qemuIO(tgtd.port, machine: n, "write -P 0xab 0 4k")
                #expect(w == 0, "write pc\(n): \(out)")
            }
            let before = runner.count
            try await reset(f, machines[0])
            try await check(f, tgtd.port, machines, runner.count - before)
        } catch {
            await tgtd.stop()
            await mount?.tearDown()
            fixture?.tearDown()
            throw error
        }
        await tgtd.stop()  // before the unmount: tgtd holds the disks open
        await mount?.tearDown()
        fixture?.tearDown()
    }

    @Test(.enabled(if: XFSMount.canRun, "needs mkfs.xfs and loop devices"))
    func onXFSTheDiskIsResetInPlaceUnderItsTarget() async throws {
        try await bootEventAfterWrites(xfs: true) { f, port, machines, commands in
            #expect(commands == 0, "an in-place reset runs no tgtadm command")
            let machine1Fresh = try await reads(port, machine: 1, "0x11")
            #expect(machine1Fresh, "machine 1 reads the image again through its target")
            let machine2Kept = try await reads(port, machine: 2, "0xab")
            #expect(machine2Kept, "machine 2 keeps its write")
            let noMarker = try hiddenEntries(f.root).isEmpty
            #expect(noMarker, "no marker or temp file left")
            let oneResetEvent = try await f.container.events.list(action: "machine.reset", outcome: "success").total == 1
            #expect(oneResetEvent)
            let reconciled = try await f.service.reconcile().isClean
            #expect(reconciled)
        }
    }

    /// An operator's reset (API, Thrift) may hit a running machine: it takes the detach way, which
    /// ends the machine's sessions, never a swap of the disk under a running OS.
    @Test(.enabled(if: XFSMount.canRun, "needs mkfs.xfs and loop devices"))
    func anOperatorsResetDetachesEvenOnXFS() async throws {
        try await bootEventAfterWrites(xfs: true, reset: { f, m in _ = try await f.service.resetMachine(id: m.id, by: .system) }) {
            f, port, machines, commands in
            #expect(commands > 0, "the detach way deletes and makes the target again")
            let machine1Fresh = try await reads(port, machine: 1, "0x11")
            #expect(machine1Fresh)
            let machine2Kept = try await reads(port, machine: 2, "0xab")
            #expect(machine2Kept)
        }
    }

    @Test func withoutReflinkTheResetDetachesAndStillWorks() async throws {
        try await bootEventAfterWrites(xfs: false) { f, port, machines, commands in
            #expect(commands > 0, "the detach way deletes and makes the target again")
            let machine1Fresh = try await reads(port, machine: 1, "0x11")
            #expect(machine1Fresh)
            let machine2Kept = try await reads(port, machine: 2, "0xab")
            #expect(machine2Kept)
            let reconciled = try await f.service.reconcile().isClean
            #expect(reconciled)
        }
    }

    /// An in-place clone that fails half way (it scribbles over the disk, then throws): the reset
    /// takes the detach way, which replaces the file whole, and succeeds.
    @Test func aFailedInPlaceCloneFallsBackToTheDetachWay() async throws {
        try await bootEventAfterWrites(xfs: false, halfCloning: true) { f, port, machines, commands in
            #expect(commands > 0)
            let machine1Fresh = try await reads(port, machine: 1, "0x11")
            #expect(machine1Fresh, "the disk is whole: the version's bytes")
            let machine2Kept = try await reads(port, machine: 2, "0xab")
            #expect(machine2Kept)
            let oneResetEvent = try await f.container.events.list(action: "machine.reset", outcome: "success").total == 1
            #expect(oneResetEvent)
            let reconciled = try await f.service.reconcile().isClean
            #expect(reconciled)
        }
    }
}

/// Counts the commands it runs (tgtadm here).
final class CountingRunner: CommandRunner, @unchecked Sendable {
    let inner: any CommandRunner
    private let lock = NSLock()
    private var runs = 0
    var count: Int { lock.withLock { runs } }

    init(_ inner: any CommandRunner) { self.inner = inner }

    func run(_ argv: [String], environment: [String: String], timeoutSeconds: Double?) async throws -> CommandResult {
        lock.withLock { runs += 1 }
        return try await inner.run(argv, environment: environment, timeoutSeconds: timeoutSeconds)
    }
}

/// The file driver whose in-place reset writes 0x77 over the disk's first 4 KiB, then fails.
struct HalfCloningStorage: StorageDriver {
    let inner: FileStorageDriver
    var kind: StorageDriverKind { inner.kind }
    func status() async throws -> StorageStatus { try await inner.status() }
    func listVolumes() async throws -> [VolumeInfo] { try await inner.listVolumes() }
    func createVolume(_ name: String, sizeBytes: Int64) async throws { try await inner.createVolume(name, sizeBytes: sizeBytes) }
    func cloneVolume(_ source: String, to target: String, readOnly: Bool) async throws {
        try await inner.cloneVolume(source, to: target, readOnly: readOnly)
    }
    func resetVolume(_ target: String, from source: String) async throws { try await inner.resetVolume(target, from: source) }
    func resetVolumeInPlace(_ target: String, from source: String) async throws -> Bool {
        guard case .file(let path) = inner.backing(of: target) else { return false }
        try writeBytes(path, offset: 0, Array(repeating: 0x77, count: 4096))
        throw DriverError.commandFailed(command: "FICLONE \(path)", status: EIO, output: "Input/output error (test)")
    }
    func resizeVolume(_ name: String, sizeBytes: Int64) async throws { try await inner.resizeVolume(name, sizeBytes: sizeBytes) }
    func removeVolume(_ name: String) async throws { try await inner.removeVolume(name) }
    func backing(of name: String) -> VolumeBacking { inner.backing(of: name) }
}

import Domain
import Foundation
import ISCSITargets
import Services
import TestSupport
import Testing
import TgtSupport

/// Real parts: a private tgtd, the tgt driver listing its sessions (`tgtadm --op show`), and a
/// real initiator (qemu-io's iSCSI driver, interactive, so it holds its session until told to
/// quit). The machine goes online while the session is open and offline once it closes.
@Suite(.serialized, .enabled(if: TgtDaemon.canRun, "needs root, tgtd, iscsi-inq and qemu-io (tgt, libiscsi-bin, qemu-utils, qemu-block-extra)"))
struct PresenceTgtTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    /// Looks and judges until `machine` has `status` (bounded: 100 looks).
    func waitFor(_ status: MachineStatus, _ machine: Int64, _ watcher: ISCSILoginWatcher, _ services: ServiceContainer) async throws -> Bool {
        var seen: Set<String> = []
        for _ in 0..<100 {
            seen = try await watcher.look(previous: seen)
            try await watcher.judgePresence(sessions: seen)
            if try await services.machines.get(id: machine).status == status { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test func aMachineIsOnlineWhileItsInitiatorHoldsASession() async throws {
        let dir = try makeTempDirectory("presence-tgt")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let tgtd = try await TgtDaemon(logPath: dir + "/tgtd.log")
        var qemu: ChildDaemon?
        do {
            let services = try ServiceContainer.temporary()
            let pc = try await services.machines.create(MachineInput(name: "pc1", mac: "52:54:00:ab:cd:01"), by: .system)
            try Data(count: 64 << 20).write(to: URL(fileURLWithPath: dir + "/disk.img"))
            let initiatorName = "\(prefix):client.525400abcd01"
            try await tgtd.driver.applyTarget(TargetSpec(
                iqn: "\(prefix):pc1", initiatorIQN: initiatorName,
                disks: [.init(volume: "dl_m1_img1", backing: .file(path: dir + "/disk.img"))],
                chap: nil, portalAddress: IPv4Address(127, 0, 0, 1), portalPort: tgtd.port))
            let watcher = ISCSILoginWatcher(services: services, driver: tgtd.driver)

            // qemu-io logs in, then waits for commands on stdin: the session stays open.
            let stdin = Pipe()
            let session = try ChildDaemon(["/usr/bin/qemu-io", "--image-opts",
                                           "driver=iscsi,transport=tcp,portal=127.0.0.1:\(tgtd.port),target=\(prefix):pc1,lun=1,initiator-name=\(initiatorName)"],
                                          stdin: stdin.fileHandleForReading.fileDescriptor)
            qemu = session
            #expect(try await waitFor(.online, pc.id, watcher, services), "the open session makes the machine online")
            let online = try await services.events.list(action: "machine.online")
            #expect(online.items.first?.detail.contains("iSCSI session open") == true)

            try stdin.fileHandleForWriting.write(contentsOf: Data("quit\n".utf8))
            try stdin.fileHandleForWriting.close()
            await session.wait()
            #expect(try await waitFor(.offline, pc.id, watcher, services), "the closed session makes it offline")
            #expect(try await services.events.list(action: "machine.offline").total == 1)
        } catch {
            qemu?.kill()
            await tgtd.stop()
            throw error
        }
        await tgtd.stop()
    }
}

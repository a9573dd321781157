import Domain
import Testing
import TgtSupport
@testable import ISCSITargets

/// The calls that make resets and big reconciles cheap: `--op show` lists every target (~25 ms of
/// tgtd's time at 500 targets), so a reset skips it when the tid is known and a batch shows once.
/// The same code runs against a real tgtd in TgtRealTests and the crash and e2e-boot tiers.
@Suite struct TgtReplaceAndBatchTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    func spec(_ name: String, disk: String) -> TargetSpec {
        TargetSpec(iqn: "\(prefix):\(name)", initiatorIQN: "\(prefix):client.\(name)",
                   disks: [TargetSpec.Disk(volume: String(disk.split(separator: "/").last!.dropLast(4)), backing: .file(path: disk))],
                   portalAddress: IPv4Address(127, 0, 0, 1))
    }

    @Test func aKnownTargetIsReplacedUnderItsTidWithoutAShow() async throws {
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets])
        let driver = TgtTargetDriver(runner: runner)
        _ = try await driver.listTargets(prefix: prefix)  // learns pc1 = tid 1
        try await driver.replaceTarget(spec("pc1", disk: "/disks/dl_m1_img1.img")) {
            _ = try await runner.run(["/body", "--op", "body"])
        }
        #expect(runner.lines == [
            "--op show --mode target",
            "--op delete --mode target --tid 1 --force",
            "--op body",
            "--op new --mode target --tid 1 -T iqn.2022-10.org.dbc.iscsi:pc1",
            "--op new --mode logicalunit --tid 1 --lun 1 --backing-store /disks/dl_m1_img1.img --bstype rdwr",
            "--op bind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.pc1",
        ])
        // The tid is still known: a second reset needs no show either.
        try await driver.replaceTarget(spec("pc1", disk: "/disks/dl_m1_img1.img")) {}
        #expect(runner.lines.filter { $0.contains("show") }.count == 1)
    }

    @Test func anUnknownOrVanishedTargetTakesTheGeneralWay() async throws {
        // Never shown: show, remove (its connection, the target, its account), body, show, apply.
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets, ""])
        try await TgtTargetDriver(runner: runner).replaceTarget(spec("pc1", disk: "/disks/dl_m1_img1.img")) {
            _ = try await runner.run(["/body", "--op", "body"])
        }
        #expect(runner.lines == [
            "--op show --mode target",
            "--op delete --mode conn --tid 1 --sid 1 --cid 0",
            "--op delete --mode target --tid 1 --force",
            "--op delete --mode account --user pc1",
            "--op body",
            "--op show --mode target",
            "--op new --mode target --tid 1 -T iqn.2022-10.org.dbc.iscsi:pc1",
            "--op new --mode logicalunit --tid 1 --lun 1 --backing-store /disks/dl_m1_img1.img --bstype rdwr",
            "--op bind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.pc1",
        ])

        // Known tid, but the target was deleted behind the driver's back: the delete fails, and
        // the general way finds it missing and makes it under a free tid.
        let gone = RecordingRunner(shows: [TgtSamples.twoTargets, ""])
        gone.failing = ["--op delete --mode target --tid 1 --force"]
        let driver = TgtTargetDriver(runner: gone)
        _ = try await driver.listTargets(prefix: prefix)
        try await driver.replaceTarget(spec("pc1", disk: "/disks/dl_m1_img1.img")) {}
        #expect(gone.lines == [
            "--op show --mode target",
            "--op delete --mode target --tid 1 --force",
            "--op show --mode target",
            "--op show --mode target",
            "--op new --mode target --tid 1 -T iqn.2022-10.org.dbc.iscsi:pc1",
            "--op new --mode logicalunit --tid 1 --lun 1 --backing-store /disks/dl_m1_img1.img --bstype rdwr",
            "--op bind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.pc1",
        ])
    }

    @Test func aKnownTargetIsRemovedByItsTidWithItsAccounts() async throws {
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets, ""])
        let driver = TgtTargetDriver(runner: runner)
        _ = try await driver.listTargets(prefix: prefix)
        try await driver.removeTarget(iqn: "\(prefix):pc1")
        #expect(runner.lines == [
            "--op show --mode target",
            "--op delete --mode target --tid 1 --force",
            "--op delete --mode account --user pc1",
        ])
        // Forgotten once removed: removing it again looks it up (and finds nothing to do).
        try await driver.removeTarget(iqn: "\(prefix):pc1")
        #expect(runner.lines.last == "--op show --mode target")
    }

    @Test func aBatchShowsOnceAndGivesEachNewTargetItsOwnTid() async throws {
        let runner = RecordingRunner(shows: [""])
        let failed = await TgtTargetDriver(runner: runner).applyTargets([
            spec("pc1", disk: "/disks/dl_m1_img1.img"), spec("pc2", disk: "/disks/dl_m2_img1.img"),
        ])
        #expect(failed.isEmpty)
        #expect(runner.lines == [
            "--op show --mode target",
            "--op new --mode target --tid 1 -T iqn.2022-10.org.dbc.iscsi:pc1",
            "--op new --mode logicalunit --tid 1 --lun 1 --backing-store /disks/dl_m1_img1.img --bstype rdwr",
            "--op bind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.pc1",
            "--op new --mode target --tid 2 -T iqn.2022-10.org.dbc.iscsi:pc2",
            "--op new --mode logicalunit --tid 2 --lun 1 --backing-store /disks/dl_m2_img1.img --bstype rdwr",
            "--op bind --mode target --tid 2 --initiator-name iqn.2022-10.org.dbc.iscsi:client.pc2",
        ])
    }

    @Test func aFailureInABatchIsReportedForThatTargetAndTheOthersGoOn() async throws {
        let runner = RecordingRunner(shows: [""])
        runner.failing = ["--op new --mode target --tid 1 -T iqn.2022-10.org.dbc.iscsi:pc1"]
        let failed = await TgtTargetDriver(runner: runner).applyTargets([
            spec("pc1", disk: "/disks/dl_m1_img1.img"), spec("pc2", disk: "/disks/dl_m2_img1.img"),
        ])
        #expect(Array(failed.keys) == ["\(prefix):pc1"])
        #expect(runner.lines.last == "--op bind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.pc2")
    }
}

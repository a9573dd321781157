import Domain
import Testing
@testable import ISCSITargets

/// Command sequences of the tgt driver against a recording runner (golden arrays). The same driver
/// runs against a real tgtd in TgtRealTests.
@Suite struct TgtTargetDriverTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    func spec(disks: [String] = ["/disks/dl_m1_img1.img", "/disks/dl_m1_img2.img"], readOnly: Bool = false,
              chap: CHAPCredentials? = nil) -> TargetSpec {
        TargetSpec(iqn: "\(prefix):pc1", initiatorIQN: "\(prefix):client.aabb",
                   disks: disks.map { path in
                       let name = String(path.split(separator: "/").last!.dropLast(4))
                       return TargetSpec.Disk(volume: name, backing: .file(path: path), readOnly: readOnly)
                   },
                   chap: chap, portalAddress: IPv4Address(127, 0, 0, 1))
    }

    @Test func applyCreatesTargetLunsFromOneAndTheAcl() async throws {
        let runner = RecordingRunner(shows: [""])
        let driver = TgtTargetDriver(controlPort: 5555, runner: runner)
        try await driver.applyTarget(spec())
        #expect(runner.commands.first == ["/usr/sbin/tgtadm", "-C", "5555", "--lld", "iscsi", "--op", "show", "--mode", "target"])
        #expect(runner.lines == [
            "--op show --mode target",
            "--op new --mode target --tid 1 -T iqn.2022-10.org.dbc.iscsi:pc1",
            "--op new --mode logicalunit --tid 1 --lun 1 --backing-store /disks/dl_m1_img1.img --bstype rdwr",
            "--op new --mode logicalunit --tid 1 --lun 2 --backing-store /disks/dl_m1_img2.img --bstype rdwr",
            "--op bind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.aabb",
        ])
    }

    @Test func applyOnAMatchingTargetOnlyRefreshesChap() async throws {
        // Target 1 in the sample has LUN 2 read-only; ask for exactly that state.
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets])
        let driver = TgtTargetDriver(runner: runner)
        var s = spec(chap: CHAPCredentials(username: "pc1", secret: "abcdefghijkl"))
        s.disks[1].readOnly = true
        try await driver.applyTarget(s)
        #expect(runner.commands.first?.prefix(3) == ["/usr/sbin/tgtadm", "--lld", "iscsi"])
        #expect(runner.lines == [
            "--op show --mode target",
            "--op delete --mode account --user pc1",
            "--op new --mode account --user pc1 --password abcdefghijkl",
            "--op bind --mode account --tid 1 --user pc1",
        ])
    }

    @Test func applyConvergesLunsAclsAndAccounts() async throws {
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets])
        let driver = TgtTargetDriver(runner: runner)
        var s = spec(disks: ["/disks/dl_m1_img3.img"])
        s.initiatorIQN = "\(prefix):client.ccdd"
        try await driver.applyTarget(s)
        #expect(runner.lines == [
            "--op show --mode target",
            "--op delete --mode logicalunit --tid 1 --lun 1",
            "--op delete --mode logicalunit --tid 1 --lun 2",
            "--op new --mode logicalunit --tid 1 --lun 1 --backing-store /disks/dl_m1_img3.img --bstype rdwr",
            "--op unbind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.aabb",
            "--op bind --mode target --tid 1 --initiator-name iqn.2022-10.org.dbc.iscsi:client.ccdd",
            "--op delete --mode account --user pc1",
        ])
    }

    @Test func readOnlyDisksAreMarkedReadOnly() async throws {
        let runner = RecordingRunner(shows: [""])
        try await TgtTargetDriver(runner: runner).applyTarget(spec(disks: ["/disks/dl_img1_work.img"], readOnly: true))
        #expect(runner.lines.contains("--op update --mode logicalunit --tid 1 --lun 1 --params readonly=1"))
    }

    @Test func removeClosesConnectionsThenDeletesTargetAndAccounts() async throws {
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets])
        try await TgtTargetDriver(runner: runner).removeTarget(iqn: "\(prefix):pc1")
        #expect(runner.lines == [
            "--op show --mode target",
            "--op delete --mode conn --tid 1 --sid 1 --cid 0",
            "--op delete --mode target --tid 1 --force",
            "--op delete --mode account --user pc1",
        ])
    }

    @Test func removingAMissingTargetIsNotAnError() async throws {
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets])
        try await TgtTargetDriver(runner: runner).removeTarget(iqn: "\(prefix):nosuch")
        #expect(runner.lines == ["--op show --mode target"])
    }

    @Test func listTargetsFiltersByPrefixAndReportsSessions() async throws {
        let runner = RecordingRunner(shows: [TgtSamples.twoTargets])
        let targets = try await TgtTargetDriver(runner: runner).listTargets(prefix: "\(prefix):pc1")
        #expect(targets == [TargetState(iqn: "\(prefix):pc1",
                                        luns: [.init(number: 1, path: "/disks/dl_m1_img1.img"), .init(number: 2, path: "/disks/dl_m1_img2.img")],
                                        initiators: ["\(prefix):client.aabb"], chap: true,
                                        sessions: [.init(initiator: "\(prefix):client.aabb", address: "127.0.0.1")])])
    }

    @Test(arguments: [
        "iqn.2022-10.org.dbc.iscsi:pc1 --op delete",   // space: would be one argv element, but is no IQN
        "iqn.2022-10.org.dbc.iscsi:PC1",               // IQNs are lowercase
        "iqn.2022-10.org.dbc.iscsi:pc1\n",
    ])
    func invalidNamesRunNoCommand(iqn: String) async throws {
        let runner = RecordingRunner()
        var s = spec()
        s.iqn = iqn
        await #expect(throws: DriverError.self) { try await TgtTargetDriver(runner: runner).applyTarget(s) }
        #expect(runner.commands.isEmpty)
    }

    @Test func badBackingPathAndChapSecretAreRefused() async throws {
        let runner = RecordingRunner()
        let driver = TgtTargetDriver(runner: runner)
        await #expect(throws: DriverError.self) { try await driver.applyTarget(spec(disks: ["/disks/../etc/dl_x.img"])) }
        await #expect(throws: DriverError.self) {
            try await driver.applyTarget(spec(chap: CHAPCredentials(username: "pc1", secret: "short")))
        }
        #expect(runner.commands.isEmpty)
    }
}

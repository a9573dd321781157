import Testing
@testable import ISCSITargets

@Suite struct TgtShowOutputTests {
    @Test func parsesTargetsLunsAccountsAclsAndSessions() {
        let show = TgtShowOutput(parsing: TgtSamples.twoTargets)
        #expect(show.targets.map(\.tid) == [1, 3])
        let pc1 = show.targets[0]
        #expect(pc1.iqn == "iqn.2022-10.org.dbc.iscsi:pc1")
        // LUN 0 is tgt's controller, not a disk: left out.
        #expect(pc1.luns == [1: "/disks/dl_m1_img1.img", 2: "/disks/dl_m1_img2.img"])
        #expect(pc1.readOnlyLUNs == [2])
        #expect(pc1.accounts == ["pc1"])
        #expect(pc1.acls == ["iqn.2022-10.org.dbc.iscsi:client.aabb"])
        #expect(pc1.connections == [.init(sid: 1, cid: 0, initiator: "iqn.2022-10.org.dbc.iscsi:client.aabb", address: "127.0.0.1")])
        let pc2 = show.targets[1]
        #expect(pc2.luns.isEmpty && pc2.accounts.isEmpty && pc2.acls.isEmpty && pc2.connections.isEmpty)
    }

    @Test func emptyOutputHasNoTargets() {
        #expect(TgtShowOutput(parsing: "").targets.isEmpty)
    }

    @Test func freeTidFillsTheFirstGap() {
        #expect(TgtTargetDriver.freeTID(in: TgtShowOutput(parsing: TgtSamples.twoTargets)) == 2)
        #expect(TgtTargetDriver.freeTID(in: TgtShowOutput(parsing: "")) == 1)
    }
}

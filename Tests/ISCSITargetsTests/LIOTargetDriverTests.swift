import Domain
import Foundation
import Testing
@testable import ISCSITargets

/// The LIO driver against a temp directory standing in for configfs (this host's kernel has no
/// configfs/LIO; the real kernel proof is the guest tier). The stand-in cannot create attribute
/// files by itself, so the listing shows exactly what the driver wrote.
@Suite struct LIOTargetDriverTests {
    let prefix = "iqn.2022-10.org.dbc.iscsi"

    func withTree(_ body: (String, String) async throws -> Void) async throws {
        let dir = try makeTempDirectory("lio")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let root = dir + "/target", disks = dir + "/disks"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: disks, withIntermediateDirectories: true)
        for name in ["dl_m1_img1", "dl_m1_img2"] {
            FileManager.default.createFile(atPath: "\(disks)/\(name).img", contents: Data(count: 4096))
        }
        try await body(root, disks)
    }

    func spec(_ disks: String, chap: Bool = false, lv: Bool = false) -> TargetSpec {
        TargetSpec(iqn: "\(prefix):pc1", initiatorIQN: "\(prefix):client.aabb",
                   disks: [
                       TargetSpec.Disk(volume: "dl_m1_img1", backing: lv ? .blockDevice(path: "/dev/vg0/dl_m1_img1") : .file(path: "\(disks)/dl_m1_img1.img")),
                       TargetSpec.Disk(volume: "dl_m1_img2", backing: .file(path: "\(disks)/dl_m1_img2.img"), readOnly: true),
                   ],
                   chap: chap ? CHAPCredentials(username: "pc1", secret: "abcdefghijkl") : nil,
                   portalAddress: IPv4Address(192, 168, 1, 2), portalPort: 3260)
    }

    static let golden = """
    core/
    core/fileio_0/
    core/fileio_0/dl_m1_img1/
    core/fileio_0/dl_m1_img1/control = fd_dev_name=DISKS/dl_m1_img1.img,fd_dev_size=4096
    core/fileio_0/dl_m1_img1/enable = 1
    core/fileio_0/dl_m1_img1/udev_path = DISKS/dl_m1_img1.img
    core/fileio_0/dl_m1_img2/
    core/fileio_0/dl_m1_img2/control = fd_dev_name=DISKS/dl_m1_img2.img,fd_dev_size=4096
    core/fileio_0/dl_m1_img2/enable = 1
    core/fileio_0/dl_m1_img2/udev_path = DISKS/dl_m1_img2.img
    iscsi/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/auth/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/auth/password = abcdefghijkl
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/auth/userid = pc1
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/lun_0/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/lun_0/dl_m1_img1 -> @/iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/lun/lun_0
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/lun_0/write_protect = 0
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/lun_1/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/lun_1/dl_m1_img2 -> @/iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/lun/lun_1
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/acls/iqn.2022-10.org.dbc.iscsi:client.aabb/lun_1/write_protect = 1
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/attrib/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/attrib/authentication = 1
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/attrib/generate_node_acls = 0
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/enable = 1
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/lun/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/lun/lun_0/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/lun/lun_0/dl_m1_img1 -> @/core/fileio_0/dl_m1_img1
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/lun/lun_1/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/lun/lun_1/dl_m1_img2 -> @/core/fileio_0/dl_m1_img2
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/np/
    iscsi/iqn.2022-10.org.dbc.iscsi:pc1/tpgt_1/np/192.168.1.2:3260/
    """

    func listing(_ root: String, _ disks: String) -> String {
        treeListing(root).joined(separator: "\n").replacingOccurrences(of: disks, with: "DISKS")
    }

    @Test func applyWritesTheExactTree() async throws {
        try await withTree { root, disks in
            try await LIOTargetDriver(root: root).applyTarget(spec(disks, chap: true))
            #expect(listing(root, disks) == Self.golden)
        }
    }

    @Test func applyTwiceChangesNothing() async throws {
        try await withTree { root, disks in
            let driver = LIOTargetDriver(root: root)
            try await driver.applyTarget(spec(disks, chap: true))
            try await driver.applyTarget(spec(disks, chap: true))
            #expect(listing(root, disks) == Self.golden)
        }
    }

    @Test func blockDevicesUseIblock() async throws {
        try await withTree { root, disks in
            try await LIOTargetDriver(root: root).applyTarget(spec(disks, lv: true))
            let lines = treeListing(root)
            #expect(lines.contains("core/iblock_0/dl_m1_img1/control = udev_path=/dev/vg0/dl_m1_img1"))
            #expect(lines.contains("iscsi/\(prefix):pc1/tpgt_1/lun/lun_0/dl_m1_img1 -> @/core/iblock_0/dl_m1_img1"))
            #expect(lines.contains("iscsi/\(prefix):pc1/tpgt_1/attrib/authentication = 0"))
        }
    }

    @Test func applyConvergesToFewerDisksAndAnotherInitiator() async throws {
        try await withTree { root, disks in
            let driver = LIOTargetDriver(root: root)
            try await driver.applyTarget(spec(disks))
            var s = spec(disks)
            s.disks.removeLast()
            s.initiatorIQN = "\(prefix):client.ccdd"
            try await driver.applyTarget(s)
            let lines = treeListing(root)
            let tpg = "iscsi/\(prefix):pc1/tpgt_1"
            #expect(!lines.contains { $0.hasPrefix("\(tpg)/lun/lun_1") })
            #expect(!lines.contains { $0.contains("client.aabb") })
            #expect(lines.contains("\(tpg)/acls/\(prefix):client.ccdd/lun_0/dl_m1_img1 -> @/\(tpg)/lun/lun_0"))
            let listed = try await driver.listTargets(prefix: prefix)
            #expect(listed == [TargetState(iqn: "\(prefix):pc1", luns: [.init(number: 0, path: "\(disks)/dl_m1_img1.img")],
                                           initiators: ["\(prefix):client.ccdd"], chap: false)])
        }
    }

    /// A super workstation toggles its LUN between its own clone and the image's working copy: the
    /// backstore it left must go (it holds the file or LV open), ours only and only when unlinked.
    @Test func toggledBackingLeavesNoOldBackstore() async throws {
        try await withTree { root, disks in
            FileManager.default.createFile(atPath: "\(disks)/dl_img1_work.img", contents: Data(count: 4096))
            let driver = LIOTargetDriver(root: root)
            // Not ours: a backstore someone else made by hand, never touched.
            try FileManager.default.createDirectory(atPath: "\(root)/core/fileio_0/other", withIntermediateDirectories: true)
            func machine(_ volume: String) -> TargetSpec {
                TargetSpec(iqn: "\(prefix):pc1", initiatorIQN: "\(prefix):client.aabb",
                           disks: [TargetSpec.Disk(volume: volume, backing: .file(path: "\(disks)/\(volume).img"))],
                           portalAddress: IPv4Address(192, 168, 1, 2), portalPort: 3260)
            }
            func tree(_ volume: String) -> String {
                let tpg = "iscsi/\(prefix):pc1/tpgt_1", acl = "\(tpg)/acls/\(prefix):client.aabb"
                return """
                core/
                core/fileio_0/
                core/fileio_0/\(volume)/
                core/fileio_0/\(volume)/control = fd_dev_name=DISKS/\(volume).img,fd_dev_size=4096
                core/fileio_0/\(volume)/enable = 1
                core/fileio_0/\(volume)/udev_path = DISKS/\(volume).img
                core/fileio_0/other/
                iscsi/
                iscsi/\(prefix):pc1/
                \(tpg)/
                \(tpg)/acls/
                \(acl)/
                \(acl)/auth/
                \(acl)/lun_0/
                \(acl)/lun_0/\(volume) -> @/\(tpg)/lun/lun_0
                \(acl)/lun_0/write_protect = 0
                \(tpg)/attrib/
                \(tpg)/attrib/authentication = 0
                \(tpg)/attrib/generate_node_acls = 0
                \(tpg)/enable = 1
                \(tpg)/lun/
                \(tpg)/lun/lun_0/
                \(tpg)/lun/lun_0/\(volume) -> @/core/fileio_0/\(volume)
                \(tpg)/np/
                \(tpg)/np/192.168.1.2:3260/
                """
            }
            try await driver.applyTarget(machine("dl_m1_img1"))
            #expect(listing(root, disks) == tree("dl_m1_img1"))
            try await driver.applyTarget(machine("dl_img1_work"))   // becomes the super workstation
            #expect(listing(root, disks) == tree("dl_img1_work"))
            try await driver.applyTarget(machine("dl_m1_img1"))     // and back
            #expect(listing(root, disks) == tree("dl_m1_img1"))
        }
    }

    /// A backstore another target still links to stays when one target stops using it.
    @Test func aBackstoreStillLinkedElsewhereIsKept() async throws {
        try await withTree { root, disks in
            let driver = LIOTargetDriver(root: root)
            var other = spec(disks)
            other.iqn = "\(prefix):pc2"
            other.disks = [other.disks[1]]
            try await driver.applyTarget(spec(disks))
            try await driver.applyTarget(other)
            var fewer = spec(disks)
            fewer.disks.removeLast()
            try await driver.applyTarget(fewer)
            let lines = treeListing(root)
            #expect(lines.contains("core/fileio_0/dl_m1_img2/enable = 1"))
            #expect(lines.contains("iscsi/\(prefix):pc2/tpgt_1/lun/lun_0/dl_m1_img2 -> @/core/fileio_0/dl_m1_img2"))
            try await driver.removeTarget(iqn: "\(prefix):pc2")
            #expect(!treeListing(root).contains { $0.hasPrefix("core/fileio_0/dl_m1_img2") })
        }
    }

    /// A new portal (server address or port in the settings) replaces the old one.
    @Test func reapplyingWithANewPortalMovesIt() async throws {
        try await withTree { root, disks in
            let driver = LIOTargetDriver(root: root)
            var s = spec(disks)
            try await driver.applyTarget(s)
            s.portalAddress = IPv4Address(10, 0, 0, 9)
            s.portalPort = 3261
            try await driver.applyTarget(s)
            let np = treeListing(root).filter { $0.contains("/tpgt_1/np/") && !$0.hasSuffix("/np/") }
            #expect(np == ["iscsi/\(prefix):pc1/tpgt_1/np/10.0.0.9:3261/"])
        }
    }

    /// A crash between a backstore and its LUN link (or a LUN's removal and its backstore's)
    /// leaves a backstore that holds its volume open: the leftovers sweep removes ours only.
    @Test func unlinkedBackstoresOfOursAreLeftoversOthersStay() async throws {
        try await withTree { root, disks in
            let driver = LIOTargetDriver(root: root)
            try await driver.applyTarget(spec(disks))
            for store in ["core/fileio_0/dl_m9_img1", "core/iblock_0/dl_m8_img1", "core/fileio_0/someones", "core/iblock_0/lv_other"] {
                try FileManager.default.createDirectory(atPath: "\(root)/\(store)", withIntermediateDirectories: true)
                FileManager.default.createFile(atPath: "\(root)/\(store)/enable", contents: Data("1".utf8))
            }
            let before = treeListing(root)
            #expect(try await driver.removeLeftovers(prefix: prefix + ":") == ["core/fileio_0/dl_m9_img1", "core/iblock_0/dl_m8_img1"])
            let after = treeListing(root)
            #expect(before.filter { !$0.contains("dl_m9_img1") && !$0.contains("dl_m8_img1") } == after)
            #expect(after.contains("core/fileio_0/dl_m1_img1/enable = 1") && after.contains("core/fileio_0/someones/enable = 1"))
            #expect(try await driver.removeLeftovers(prefix: prefix + ":").isEmpty)
        }
    }

    @Test func removeLeavesOnlyEmptyHbaDirectories() async throws {
        try await withTree { root, disks in
            let driver = LIOTargetDriver(root: root)
            try await driver.applyTarget(spec(disks, chap: true))
            try await driver.removeTarget(iqn: "\(prefix):pc1")
            #expect(treeListing(root) == ["core/", "core/fileio_0/", "iscsi/"])
            try await driver.removeTarget(iqn: "\(prefix):pc1")  // missing: fine
            #expect(try await driver.listTargets(prefix: prefix).isEmpty)
        }
    }

    @Test func sessionsComeFromAclInfoAndDynamicSessions() async throws {
        try await withTree { root, disks in
            let driver = LIOTargetDriver(root: root)
            try await driver.applyTarget(spec(disks))
            let tpg = "\(root)/iscsi/\(prefix):pc1/tpgt_1"
            try "InitiatorName: \(prefix):client.aabb\nInitiatorAlias:\n".write(toFile: "\(tpg)/acls/\(prefix):client.aabb/info", atomically: true, encoding: .utf8)
            let listed = try await driver.listTargets(prefix: prefix)
            #expect(listed.first?.sessions == [TargetState.Session(initiator: "\(prefix):client.aabb")])
        }
    }

    @Test func invalidIqnWritesNothing() async throws {
        try await withTree { root, disks in
            var s = spec(disks)
            s.iqn = "iqn.2022-10.org.dbc.iscsi:pc1/../../x"
            await #expect(throws: DriverError.self) { try await LIOTargetDriver(root: root).applyTarget(s) }
            #expect(treeListing(root).isEmpty)
        }
    }

    @Test func missingConfigfsIsUnavailableWithAReason() async {
        let driver = LIOTargetDriver(root: "/nonexistent/disklessd/target")
        guard case .unavailable(let reason) = await driver.availability() else {
            Issue.record("expected unavailable")
            return
        }
        #expect(reason.contains("configfs"))
    }
}

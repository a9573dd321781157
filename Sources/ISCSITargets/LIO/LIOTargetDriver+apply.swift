import Domain
import Foundation

extension LIOTargetDriver {
    /// Converges one target to `spec`: backstores, TPG LUNs, portal, the one ACL with its mapped LUNs
    /// and CHAP, then enables the TPG. Every step checks what is there first, so it can be repeated.
    public func applyTarget(_ spec: TargetSpec) async throws {
        let spec = try TargetSpecCheck.validated(spec)
        let tpg = ["iscsi", spec.iqn, Self.tpg]
        try fs.makeGroup(tpg + ["lun"])

        // 1. Backstores, then TPG LUNs linking to them.
        var wanted: [String: TargetSpec.Disk] = [:]
        for (i, disk) in spec.disks.enumerated() {
            let lun = "lun_\(firstLUN + i)"
            wanted[lun] = disk
            try ensureBackstore(disk)
        }
        var replaced: [String] = []
        for lun in fs.children(tpg + ["lun"]) where lun.hasPrefix("lun_") {
            let dir = tpg + ["lun", lun]
            let link = fs.children(dir).first { fs.isSymlink(dir + [$0]) }
            let expected = wanted[lun].map { fs.path(["core", Self.hba(for: $0.backing), $0.volume]) }
            let current = link.flatMap { fs.readLink(dir + [$0]) }
            if expected == nil || current != expected {
                try removeMappedLUN(lun, tpg: tpg)
                if let link { try fs.unlinkIfPresent(dir + [link]) }
                try fs.removeGroup(dir)
                if let current { replaced.append(current) }
            }
        }
        for (lun, disk) in wanted.sorted(by: { $0.key < $1.key }) where !fs.exists(tpg + ["lun", lun, disk.volume]) {
            try fs.makeGroup(tpg + ["lun", lun])
            try fs.link(tpg + ["lun", lun, disk.volume], to: ["core", Self.hba(for: disk.backing), disk.volume])
        }
        // A backstore holds its file or LV open: the one a LUN no longer uses (a super workstation
        // toggled between its clone and the image's working copy, a dropped data disk) must go, or
        // removing or resetting that volume fails with "in use".
        try removeUnusedBackstores(replaced)

        // 2. Portal.
        try fs.makeGroup(tpg + ["np"])
        let portal = "\(spec.portalAddress):\(spec.portalPort)"
        for np in fs.children(tpg + ["np"]) where np != portal { try fs.removeGroup(tpg + ["np", np]) }
        try fs.makeGroup(tpg + ["np", portal])

        // 3. The one ACL, its mapped LUNs (same numbers as the TPG's) and CHAP.
        try fs.makeGroup(tpg + ["acls"])
        for acl in fs.children(tpg + ["acls"]) where acl != spec.initiatorIQN { try removeACL(acl, tpg: tpg) }
        let acl = tpg + ["acls", spec.initiatorIQN]
        try fs.makeGroup(acl)
        for mapped in fs.children(acl) where mapped.hasPrefix("lun_") && wanted[mapped] == nil {
            try removeMappedLUN(mapped, tpg: tpg, only: spec.initiatorIQN)
        }
        for (lun, disk) in wanted.sorted(by: { $0.key < $1.key }) {
            try fs.makeGroup(acl + [lun])
            try fs.link(acl + [lun, disk.volume], to: tpg + ["lun", lun])
            try fs.write(disk.readOnly ? "1" : "0", to: acl + [lun, "write_protect"])
        }
        try fs.makeGroup(acl + ["auth"])
        try fs.makeGroup(tpg + ["attrib"])
        if let chap = spec.chap {
            try fs.write(chap.username, to: acl + ["auth", "userid"])
            try fs.write(chap.secret, to: acl + ["auth", "password"])
        }
        try fs.write(spec.chap == nil ? "0" : "1", to: tpg + ["attrib", "authentication"])
        // Only the listed ACLs may log in (no demo mode).
        try fs.write("0", to: tpg + ["attrib", "generate_node_acls"])
        try fs.write("1", to: tpg + ["enable"])
    }

    /// Creates `core/<hba>/<volume>` when missing and enables it.
    func ensureBackstore(_ disk: TargetSpec.Disk) throws {
        let store = ["core", Self.hba(for: disk.backing), disk.volume]
        if fs.read(store + ["enable"]) == "1" && fs.read(store + ["udev_path"]) == disk.backing.path { return }
        try fs.makeGroup(store)
        switch disk.backing {
        case .blockDevice(let path):
            try fs.write("udev_path=\(path)", to: store + ["control"])
        case .file(let path):
            var st = stat()
            guard stat(path, &st) == 0 else { throw DriverError.notFound("backing file \(path)") }
            try fs.write("fd_dev_name=\(path),fd_dev_size=\(st.st_size)", to: store + ["control"])
        }
        // udev_path lets `listTargets` (and targetcli) tell which device a backstore serves.
        try fs.write(disk.backing.path, to: store + ["udev_path"])
        try fs.write("1", to: store + ["enable"])
    }
}

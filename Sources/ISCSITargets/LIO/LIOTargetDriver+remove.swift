import Domain

extension LIOTargetDriver {
    /// Removes a target in reverse order of creation: ACL mappings, ACLs, portals, TPG LUNs, the TPG,
    /// the target, then the backstores it used. A missing target is not an error.
    public func removeTarget(iqn: String) async throws {
        let iqn = try TargetSpecCheck.iqn(iqn, field: "iqn")
        let tpg = ["iscsi", iqn, Self.tpg]
        guard fs.exists(["iscsi", iqn]) else { return }
        // Disabling the TPG first ends logged-in sessions.
        if fs.exists(tpg + ["enable"]) { try fs.write("0", to: tpg + ["enable"]) }
        for acl in fs.children(tpg + ["acls"]) { try removeACL(acl, tpg: tpg) }
        for np in fs.children(tpg + ["np"]) { try fs.removeGroup(tpg + ["np", np]) }
        var backstores: [String] = []
        for lun in fs.children(tpg + ["lun"]) {
            let dir = tpg + ["lun", lun]
            for link in fs.children(dir) where fs.isSymlink(dir + [link]) {
                if let target = fs.readLink(dir + [link]) { backstores.append(target) }
                try fs.unlinkIfPresent(dir + [link])
            }
            try fs.removeGroup(dir)
        }
        try fs.removeGroup(tpg)
        try fs.removeGroup(["iscsi", iqn])
        try removeUnusedBackstores(backstores)
    }

    /// Removes the backstores at these absolute paths (`<root>/core/<hba>/<volume>`) that are ours
    /// (volume named with `DiskNames.prefix`) and that no TPG LUN of any target links to any more.
    func removeUnusedBackstores(_ stores: [String]) throws {
        for store in Set(stores).sorted() where store.hasPrefix(fs.root + "/core/") {
            let parts = store.dropFirst(fs.root.count + 1).split(separator: "/").map(String.init)
            guard parts.count == 3, parts[2].hasPrefix(DiskNames.prefix), !isLinked(store) else { continue }
            try fs.removeGroup(parts)
        }
    }

    func removeACL(_ initiator: String, tpg: [String]) throws {
        let acl = tpg + ["acls", initiator]
        for mapped in fs.children(acl) where mapped.hasPrefix("lun_") {
            try removeMappedLUN(mapped, tpg: tpg, only: initiator)
        }
        try fs.removeGroup(acl)
    }

    /// Unlinks and removes `acls/*/<lun>` (of every ACL, or of `only`).
    func removeMappedLUN(_ lun: String, tpg: [String], only: String? = nil) throws {
        for initiator in fs.children(tpg + ["acls"]) where only == nil || only == initiator {
            let dir = tpg + ["acls", initiator, lun]
            guard fs.exists(dir) else { continue }
            for link in fs.children(dir) where fs.isSymlink(dir + [link]) { try fs.unlinkIfPresent(dir + [link]) }
            try fs.removeGroup(dir)
        }
    }

    /// Whether any TPG LUN of any target still links to the backstore at `store`.
    func isLinked(_ store: String) -> Bool {
        for iqn in fs.children(["iscsi"]) {
            for tpg in fs.children(["iscsi", iqn]) where tpg.hasPrefix("tpgt_") {
                for lun in fs.children(["iscsi", iqn, tpg, "lun"]) {
                    let dir = ["iscsi", iqn, tpg, "lun", lun]
                    if fs.children(dir).contains(where: { fs.readLink(dir + [$0]) == store }) { return true }
                }
            }
        }
        return false
    }
}

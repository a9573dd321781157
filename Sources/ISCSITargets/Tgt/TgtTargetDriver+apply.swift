import Domain

extension TgtTargetDriver {
    /// Converges one target to `spec`: creates it when missing, then removes LUNs, ACLs and accounts
    /// that do not belong and adds the missing ones. Running it twice changes nothing the second time
    /// (except the CHAP account, see below).
    public func applyTarget(_ spec: TargetSpec) async throws {
        let spec = try TargetSpecCheck.validated(spec)
        let current = try await show()
        let tid: Int
        var existing: TgtShowOutput.Target
        if let found = current.targets.first(where: { $0.iqn == spec.iqn }) {
            tid = found.tid
            existing = found
        } else {
            tid = Self.freeTID(in: current)
            try await tgtadm(["--op", "new", "--mode", "target", "--tid", String(tid), "-T", spec.iqn])
            existing = TgtShowOutput.Target(tid: tid, iqn: spec.iqn)
        }
        let t = String(tid)

        // LUNs: a LUN whose backing file changed or whose read-only flag differs is re-created.
        var wanted: [Int: TargetSpec.Disk] = [:]
        for (i, disk) in spec.disks.enumerated() { wanted[firstLUN + i] = disk }
        for (lun, path) in existing.luns.sorted(by: { $0.key < $1.key }) {
            let disk = wanted[lun]
            if disk == nil || disk?.backing.path != path || disk?.readOnly != existing.readOnlyLUNs.contains(lun) {
                try await tgtadm(["--op", "delete", "--mode", "logicalunit", "--tid", t, "--lun", String(lun)])
                existing.luns[lun] = nil
            }
        }
        for (lun, disk) in wanted.sorted(by: { $0.key < $1.key }) where existing.luns[lun] == nil {
            // rdwr = plain read/write on the file or block device through the page cache.
            try await tgtadm(["--op", "new", "--mode", "logicalunit", "--tid", t, "--lun", String(lun),
                              "--backing-store", disk.backing.path, "--bstype", "rdwr"])
            if disk.readOnly {
                try await tgtadm(["--op", "update", "--mode", "logicalunit", "--tid", t, "--lun", String(lun),
                                  "--params", "readonly=1"])
            }
        }

        // ACL: the machine's initiator only.
        for acl in existing.acls where acl != spec.initiatorIQN {
            try await tgtadm(["--op", "unbind", "--mode", "target", "--tid", t, "--initiator-name", acl])
        }
        if !existing.acls.contains(spec.initiatorIQN) {
            try await tgtadm(["--op", "bind", "--mode", "target", "--tid", t, "--initiator-name", spec.initiatorIQN])
        }

        // CHAP: tgt never shows a password, so a changed secret cannot be detected; the account is
        // deleted (which unbinds it) and created again on every apply. Logged-in sessions keep
        // running: CHAP is only checked at login.
        for account in existing.accounts where account != spec.chap?.username {
            try await tgtadm(["--op", "delete", "--mode", "account", "--user", account])
        }
        if let chap = spec.chap {
            if existing.accounts.contains(chap.username) {
                try await tgtadm(["--op", "delete", "--mode", "account", "--user", chap.username])
            } else {
                // The account may exist unbound (a crash between new and bind): drop it quietly.
                _ = try? await tgtadm(["--op", "delete", "--mode", "account", "--user", chap.username])
            }
            try await tgtadm(["--op", "new", "--mode", "account", "--user", chap.username, "--password", chap.secret])
            try await tgtadm(["--op", "bind", "--mode", "account", "--tid", t, "--user", chap.username])
        }
    }

    /// The smallest tid not in use (tids start at 1).
    static func freeTID(in show: TgtShowOutput) -> Int {
        let used = Set(show.targets.map(\.tid))
        var tid = 1
        while used.contains(tid) { tid += 1 }
        return tid
    }

    /// Closes the target's connections, then deletes it with its LUNs and CHAP accounts. A missing
    /// target is not an error.
    public func removeTarget(iqn: String) async throws {
        let iqn = try TargetSpecCheck.iqn(iqn, field: "iqn")
        guard let target = try await show().targets.first(where: { $0.iqn == iqn }) else { return }
        let t = String(target.tid)
        for c in target.connections {
            // A connection may end by itself meanwhile: ignore errors, --force below finishes the job.
            _ = try? await tgtadm(["--op", "delete", "--mode", "conn", "--tid", t, "--sid", String(c.sid), "--cid", String(c.cid)])
        }
        try await tgtadm(["--op", "delete", "--mode", "target", "--tid", t, "--force"])
        for account in target.accounts {
            _ = try? await tgtadm(["--op", "delete", "--mode", "account", "--user", account])
        }
    }
}

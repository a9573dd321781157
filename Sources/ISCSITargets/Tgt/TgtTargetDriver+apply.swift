import Domain

extension TgtTargetDriver {
    /// Converges one target to `spec`: creates it when missing, then removes LUNs, ACLs and accounts
    /// that do not belong and adds the missing ones. Running it twice changes nothing the second time
    /// (except the CHAP account, see below).
    public func applyTarget(_ spec: TargetSpec) async throws {
        let spec = try TargetSpecCheck.validated(spec)  // before any command runs
        var current = try await show()
        try await apply(spec, in: &current)
    }

    /// One show for all of them: a reconcile that makes 500 targets would otherwise list every
    /// target 500 times.
    public func applyTargets(_ specs: [TargetSpec]) async -> [String: any Error] {
        var errors: [String: any Error] = [:]
        var valid: [TargetSpec] = []
        for spec in specs {
            do { valid.append(try TargetSpecCheck.validated(spec)) } catch { errors[spec.iqn] = error }
        }
        guard !valid.isEmpty else { return errors }
        var current: TgtShowOutput
        do { current = try await show() } catch {
            for spec in valid { errors[spec.iqn] = error }
            return errors
        }
        for spec in valid {
            do { try await apply(spec, in: &current) } catch { errors[spec.iqn] = error }
        }
        return errors
    }

    /// Converges `spec` (already validated by the caller) against `current`, the targets as last
    /// shown; a target it creates is added to `current`, so the next one gets another tid.
    func apply(_ spec: TargetSpec, in current: inout TgtShowOutput) async throws {
        if let found = current.targets.first(where: { $0.iqn == spec.iqn }) {
            try await converge(spec, existing: found)
        } else {
            let tid = tids.claimFree(in: current)
            defer { tids.release(tid) }
            try await tgtadm(["--op", "new", "--mode", "target", "--tid", String(tid), "-T", spec.iqn])
            tids.remember(iqn: spec.iqn, tid: tid)
            let made = TgtShowOutput.Target(tid: tid, iqn: spec.iqn)
            current.targets.append(made)
            try await converge(spec, existing: made)
        }
    }

    /// Brings the LUNs, ACL and CHAP account of target `existing` to what `spec` asks for.
    func converge(_ spec: TargetSpec, existing: TgtShowOutput.Target) async throws {
        var existing = existing
        let t = String(existing.tid)

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
        tids.remember(iqn: spec.iqn, tid: existing.tid, accounts: spec.chap.map { [$0.username] } ?? [])
    }

    /// The smallest tid not in use (tids start at 1).
    static func freeTID(in show: TgtShowOutput) -> Int {
        let used = Set(show.targets.map(\.tid))
        var tid = 1
        while used.contains(tid) { tid += 1 }
        return tid
    }

    /// A reset without `--op show`: the target is deleted by the tid this driver knows for it and
    /// made again under the same tid (free again) once `body` has replaced the files: four
    /// tgtadm calls for one disk (the CHAP account is made again like `applyTarget` does). `--force` ends the target's sessions with it (a client that powered off never
    /// logged out). A target whose tid is not known, or whose deletion fails, takes the general
    /// way (show, remove, apply). The tid comes from this driver's last show or its own change;
    /// a target renumbered by hand since then is what the next reconcile repairs.
    public func replaceTarget(_ spec: TargetSpec, around body: @Sendable () async throws -> Void) async throws {
        let spec = try TargetSpecCheck.validated(spec)
        // Held from the delete until it is made again: another machine's target made meanwhile
        // (resets run side by side) takes another tid.
        let known = tids.tid(of: spec.iqn)
        if let known { tids.hold(known) }
        guard let tid = known,
              (try? await tgtadm(["--op", "delete", "--mode", "target", "--tid", String(tid), "--force"])) != nil else {
            if let known { tids.release(known) }
            tids.forget(iqn: spec.iqn)  // wrong or unknown: look it up
            try await removeTarget(iqn: spec.iqn)
            try await body()
            try await applyTarget(spec)
            return
        }
        defer { tids.release(tid) }
        tids.forget(iqn: spec.iqn)
        try await body()
        try await tgtadm(["--op", "new", "--mode", "target", "--tid", String(tid), "-T", spec.iqn])
        tids.remember(iqn: spec.iqn, tid: tid)
        try await converge(spec, existing: TgtShowOutput.Target(tid: tid, iqn: spec.iqn))
    }

    /// Closes the target's connections, then deletes it with its LUNs and CHAP accounts. A missing
    /// target is not an error. A target whose tid this driver knows is deleted without a show
    /// (`--force` ends its sessions), as in `replaceTarget`.
    public func removeTarget(iqn: String) async throws {
        let iqn = try TargetSpecCheck.iqn(iqn, field: "iqn")
        if let known = tids.entry(of: iqn),
           (try? await tgtadm(["--op", "delete", "--mode", "target", "--tid", String(known.tid), "--force"])) != nil {
            tids.forget(iqn: iqn)
            for account in known.accounts {
                _ = try? await tgtadm(["--op", "delete", "--mode", "account", "--user", account])
            }
            return
        }
        tids.forget(iqn: iqn)
        guard let target = try await show().targets.first(where: { $0.iqn == iqn }) else { return }
        defer { tids.forget(iqn: iqn) }
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

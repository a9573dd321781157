import Domain

extension LVMStorageDriver {
    static let lvFields = "lv_name,lv_size,lv_attr,origin,data_percent,pool_lv"

    public func listVolumes() async throws -> [VolumeInfo] {
        let out = try await lvm(["lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", Self.lvFields, try vg()])
        return try LVMReport.rows("lv", from: out).compactMap { row in
            guard let name = row["lv_name"], name.hasPrefix(DiskNames.prefix) else { return nil }
            let size = row.bytes("lv_size")
            let attr = Array(row["lv_attr"] ?? "")
            let allocated = row.percent("data_percent").map { Int64(Double(size) * $0 / 100) }
            let origin = row["origin"].flatMap { $0.isEmpty ? nil : $0 }
            // lv_attr[1] is the permission ('w' writable, 'r' read-only); lv_attr[4] the state
            // ('a' active, '-' inactive: no device-mapper table, no /dev node).
            return VolumeInfo(name: name, sizeBytes: size, allocatedBytes: allocated,
                              readOnly: attr.count > 1 && attr[1] == "r", origin: origin,
                              active: !(attr.count > 4 && attr[4] == "-"))
        }
    }

    /// `lvchange -ay -K`: thin snapshots carry the activation-skip flag, so a reboot (or
    /// `vgchange -ay`) leaves them inactive and only `-K` activates them. Activating an active LV
    /// changes nothing, so no report is read first.
    public func activateVolume(_ name: String) async throws {
        try await lvm(["lvchange", "-ay", "-K", try lv(name)])
    }

    func exists(_ name: String) async throws -> Bool {
        try await listVolumes().contains { $0.name == name }
    }

    public func createVolume(_ name: String, sizeBytes: Int64) async throws {
        let name = try Self.checked(name, field: "volume")
        let size = try Self.mebibytes(sizeBytes)
        if try await exists(name) { throw DriverError.alreadyExists("volume \(name)") }
        if thin {
            let pool = try Self.checked(thinPool, field: "thinPool")
            try await lvm(["lvcreate", "-V", size, "-T", "\(try vg())/\(pool)", "-n", name])
        } else {
            try await lvm(["lvcreate", "-L", size, "-n", name, "-y", try vg()])
        }
    }

    public func cloneVolume(_ source: String, to target: String, readOnly: Bool) async throws {
        let src = try lv(source)
        let name = try Self.checked(target, field: "volume")
        let volumes = try await listVolumes()
        if volumes.contains(where: { $0.name == target }) { throw DriverError.alreadyExists("volume \(target)") }
        if thin || !readOnly {
            try await snapshot(src, name: name, readOnly: readOnly)
            return
        }
        guard let size = volumes.first(where: { $0.name == source })?.sizeBytes else { throw DriverError.notFound("volume \(source)") }
        try await copy(source, to: name, sizeBytes: size)
    }

    /// Classic version: a linear LV of the source's size, the bytes copied, then made read-only.
    /// A failed copy removes the half-made LV.
    func copy(_ source: String, to name: String, sizeBytes: Int64) async throws {
        let mib = (sizeBytes + Image.mebibyte - 1) / Image.mebibyte
        try await lvm(["lvcreate", "-L", "\(mib)M", "-n", name, "-y", try vg()])
        do {
            try await copier.copy(from: backing(of: source).path, to: backing(of: name).path, bytes: sizeBytes)
            try await lvm(["lvchange", "-pr", try lv(name)])
        } catch {
            _ = try? await lvm(["lvremove", "-f", try lv(name)])
            throw error
        }
    }

    /// `lvcreate -s` (thin, or thick with the COW size) then activation of a thin snapshot.
    func snapshot(_ source: String, name: String, readOnly: Bool) async throws {
        var argv = ["lvcreate", "-s", "-n", name]
        if !thin { argv += ["-L", "\(snapshotSizeMiB)M"] }
        if readOnly { argv += ["-pr"] }
        argv.append(source)
        try await lvm(argv)
        // Thin snapshots are created with the activation-skip flag: -K overrides it.
        if thin { try await activateVolume(name) }
    }

    /// LVM cannot replace a volume in place: the old snapshot is removed and a new one made. A crash
    /// between the two leaves the disk missing, which the reconciler creates again.
    public func resetVolume(_ target: String, from source: String) async throws {
        let src = try lv(source)
        let dst = try lv(target)
        let name = try Self.checked(target, field: "volume")
        if try await exists(target) { try await lvm(["lvremove", "-f", dst]) }
        try await snapshot(src, name: name, readOnly: false)
    }

    public func resizeVolume(_ name: String, sizeBytes: Int64) async throws {
        let target = try lv(name)
        let size = try Self.mebibytes(sizeBytes)
        guard let current = try await listVolumes().first(where: { $0.name == name }) else {
            throw DriverError.notFound("volume \(name)")
        }
        guard sizeBytes >= current.sizeBytes else {
            throw DriverError.invalid("volume \(name) is \(current.sizeBytes) bytes: shrinking to \(sizeBytes) is refused")
        }
        if sizeBytes == current.sizeBytes { return }
        try await lvm(["lvextend", "-L", size, target])
    }

    public func removeVolume(_ name: String) async throws {
        let target = try lv(name)
        let volumes = try await listVolumes()
        guard volumes.contains(where: { $0.name == name }) else { return }
        // A thick snapshot dies with its origin: refuse rather than take machine disks along.
        if !thin, let user = volumes.first(where: { $0.origin == name }) {
            throw DriverError.invalid("volume \(name) is the origin of \(user.name): remove that first")
        }
        try await lvm(["lvremove", "-f", target])
    }

    public func status() async throws -> StorageStatus {
        let vg = try vg()
        let vgs = try await lvm(["vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", "vg_name,vg_size,vg_free", vg])
        guard let row = try LVMReport.rows("vg", from: vgs).first(where: { $0["vg_name"] == vg }) else {
            throw DriverError.notFound("volume group \(vg)")
        }
        guard thin else {
            return StorageStatus(driver: "lvm", totalBytes: row.bytes("vg_size"), freeBytes: row.bytes("vg_free"), instantClones: true,
                                 notes: ["classic snapshots: each clone reserves \(snapshotSizeMiB) MiB of copy-on-write space"])
        }
        let pool = try Self.checked(thinPool, field: "thinPool")
        let lvs = try await lvm(["lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", "lv_name,lv_size,data_percent", "\(vg)/\(pool)"])
        guard let p = try LVMReport.rows("lv", from: lvs).first else { throw DriverError.notFound("thin pool \(vg)/\(pool)") }
        let size = p.bytes("lv_size")
        let used = Int64(Double(size) * (p.percent("data_percent") ?? 0) / 100)
        return StorageStatus(driver: "lvm", totalBytes: size, freeBytes: size - used, instantClones: true)
    }
}

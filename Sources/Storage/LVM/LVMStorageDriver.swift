import Domain

/// Volumes as LVM logical volumes, through liblvm2cmd (no `lvm` processes, no shell).
///
/// Thin mode (a thin pool is set): images are thin LVs, versions read-only thin snapshots, machine
/// disks thin snapshots of a version — instant, no fixed copy-on-write size. Thin snapshots carry
/// LVM's "activation skip" flag, so they are activated with `-ay -K`.
/// Classic mode (no pool): images are linear LVs, machine disks thick snapshots (`-s -L <cow>M`).
/// LVM does not snapshot a thick snapshot, so a version (read-only clone) is a full copy into a
/// linear LV, which machine disks can then snapshot; and a volume other LVs snapshot is not
/// removed (`lvremove -f` would take its snapshots with it).
public struct LVMStorageDriver: StorageDriver {
    public let kind = StorageDriverKind.lvm
    public let volumeGroup: String
    /// Empty = classic mode.
    public let thinPool: String
    /// Copy-on-write size of classic snapshots, MiB.
    public let snapshotSizeMiB: Int
    let runner: any LVMCommandRunner
    /// Copies a classic version's bytes.
    let copier: any VolumeCopier

    public init(volumeGroup: String, thinPool: String = "", snapshotSizeMiB: Int = 10240,
                runner: any LVMCommandRunner = LiblvmCommandRunner(), copier: any VolumeCopier = BlockDeviceCopier()) {
        self.volumeGroup = volumeGroup
        self.thinPool = thinPool
        self.snapshotSizeMiB = snapshotSizeMiB
        self.runner = runner
        self.copier = copier
    }

    var thin: Bool { !thinPool.isEmpty }

    /// The validated volume group.
    func vg() throws -> String { try Self.checked(volumeGroup, field: "volumeGroup") }

    /// `vg/name` for a validated volume name.
    func lv(_ name: String) throws -> String { "\(try vg())/\(try Self.checked(name, field: "volume"))" }

    static func checked(_ name: String, field: String) throws -> String {
        do { return try Validate.lvmName(name, field: field) } catch let error as ValidationError {
            throw DriverError.invalid("\(error)")
        }
    }

    /// Whole MiB as LVM's `<n>M` (sizes in disklessd are whole MiB; LVM rounds up to extents).
    static func mebibytes(_ bytes: Int64) throws -> String {
        guard bytes > 0, bytes % Image.mebibyte == 0 else {
            throw DriverError.invalid("volume size \(bytes) must be a positive whole number of MiB")
        }
        return "\(bytes / Image.mebibyte)M"
    }

    /// Runs one command; failure becomes `DriverError.commandFailed` naming it.
    @discardableResult
    func lvm(_ argv: [String]) async throws -> String {
        let result = try await runner.run(argv)
        guard result.succeeded else {
            throw DriverError.commandFailed(command: argv.joined(separator: " "), status: result.code,
                                            output: result.errors.isEmpty ? result.output : result.errors)
        }
        return result.output
    }

    public func backing(of name: String) -> VolumeBacking {
        // An invalid name yields an empty path, which every target driver refuses.
        guard let vg = try? vg(), let n = try? Self.checked(name, field: "volume") else { return .blockDevice(path: "") }
        return .blockDevice(path: "/dev/\(vg)/\(n)")
    }
}

/// Names disklessd gives the volumes and targets it makes. Derived from ids (never from user text),
/// so renames never move disks, every name is valid for LVM, files and configfs, and the reconciler
/// can tell ours (prefix `dl_`) from anything else on the host.
public enum DiskNames {
    /// Every volume disklessd creates starts with this; the reconciler only ever removes these.
    public static let prefix = "dl_"

    /// The image's writable working copy (what a super workstation writes, what imports fill).
    public static func working(image: Int64) -> String { "dl_img\(image)_work" }
    /// A frozen, read-only version of an image.
    public static func version(image: Int64, n: Int) -> String { "dl_img\(image)_v\(n)" }
    /// A machine's own copy of an image.
    public static func machineDisk(machine: Int64, image: Int64) -> String { "dl_m\(machine)_img\(image)" }

    public enum Parsed: Hashable, Sendable {
        case working(image: Int64)
        case version(image: Int64, n: Int)
        case machineDisk(machine: Int64, image: Int64)
    }

    /// The inverse of the functions above; nil for names that are not ours.
    public static func parse(_ name: String) -> Parsed? {
        guard name.hasPrefix(prefix) else { return nil }
        let rest = name.dropFirst(prefix.count)
        if rest.hasPrefix("img") {
            let parts = rest.dropFirst(3).split(separator: "_")
            guard parts.count == 2, let id = Int64(parts[0]) else { return nil }
            if parts[1] == "work" { return .working(image: id) }
            if parts[1].hasPrefix("v"), let n = Int(parts[1].dropFirst()) { return .version(image: id, n: n) }
            return nil
        }
        if rest.hasPrefix("m") {
            let parts = rest.dropFirst().split(separator: "_")
            guard parts.count == 2, let m = Int64(parts[0]), parts[1].hasPrefix("img"),
                  let i = Int64(parts[1].dropFirst(3)) else { return nil }
            return .machineDisk(machine: m, image: i)
        }
        return nil
    }
}

/// iSCSI names of a machine's target and initiator.
public enum ISCSINames {
    /// `<prefix>:<host part>` (IQNs are lowercase; host names are case-insensitive).
    public static func target(prefix: String, machineName: String) -> String {
        "\(prefix):\(hostPart(machineName))"
    }

    /// A host name as it appears in an IQN: lowercase, '_' as '-' (an IQN has no '_'). Two
    /// machines whose names have the same host part would share a target: the services refuse that.
    public static func hostPart(_ machineName: String) -> String {
        String(machineName.lowercased().map { $0 == "_" ? "-" : $0 })
    }

    /// `<prefix>:client.<mac-hexraw>`: the initiator IQN a machine's iPXE script sets, unless a
    /// global initiator IQN is configured.
    public static func initiator(prefix: String, mac: MACAddress, global: String = "") -> String {
        global.isEmpty ? "\(prefix):client.\(mac.hexraw)" : global
    }
}

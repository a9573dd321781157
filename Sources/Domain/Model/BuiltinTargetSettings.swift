import Foundation

/// Where the built-in target keeps each machine's overlay (its writes over the shared image
/// version) and how large one may grow.
public struct BuiltinTargetSettings: Codable, Sendable, Hashable {
    /// Absolute directory of the overlays and their maps (an SSD; a tmpfs for reset-on-boot PCs),
    /// created 0700; empty = `DISKLESSD_OVERLAY_DIR`, else `<data-dir>/overlays`. Refused while
    /// overlays exist in the directory it replaces: they would be left behind.
    public var overlayDirectory: String
    /// The most MiB one machine's overlay may hold (a full one answers a space error to that PC
    /// only); 0 = no cap (or `DISKLESSD_OVERLAY_CAP_MIB` when the environment sets one). A new cap
    /// applies when a machine's target is next applied: a reset-on-boot machine's next boot, a
    /// persistent machine's next reset or change of its disks.
    public var overlayCapMiB: Int

    public init(overlayDirectory: String = "", overlayCapMiB: Int = 0) {
        self.overlayDirectory = overlayDirectory
        self.overlayCapMiB = overlayCapMiB
    }

    /// The directory in effect: the setting, else `DISKLESSD_OVERLAY_DIR`, else `<dataDir>/overlays`.
    public func overlayRoot(dataDir: String, environment: [String: String]) -> String {
        if !overlayDirectory.isEmpty { return overlayDirectory }
        if let dir = environment["DISKLESSD_OVERLAY_DIR"], !dir.isEmpty { return dir }
        return (dataDir as NSString).appendingPathComponent("overlays")
    }

    /// The cap in effect, in bytes: the setting, else `DISKLESSD_OVERLAY_CAP_MIB`; nil = none.
    public func overlayCapBytes(environment: [String: String]) -> UInt64? {
        let mib = overlayCapMiB > 0 ? UInt64(overlayCapMiB) : environment["DISKLESSD_OVERLAY_CAP_MIB"].flatMap(UInt64.init) ?? 0
        return mib > 0 ? mib << 20 : nil
    }
}

extension ISCSISettings {
    /// `builtin` may be missing (documents saved before it existed).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ISCSIKeys.self)
        self.init(driver: try c.decode(TargetDriverKind.self, forKey: .driver),
                  serverAddress: try c.decode(IPv4Address.self, forKey: .serverAddress),
                  portalPort: try c.decode(Int.self, forKey: .portalPort),
                  globalInitiatorIQN: try c.decode(String.self, forKey: .globalInitiatorIQN),
                  targetPrefix: try c.decode(String.self, forKey: .targetPrefix),
                  chap: try c.decode(Bool.self, forKey: .chap),
                  builtin: try c.decodeIfPresent(BuiltinTargetSettings.self, forKey: .builtin) ?? .init())
    }
}

private enum ISCSIKeys: String, CodingKey {
    case driver, serverAddress, portalPort, globalInitiatorIQN, targetPrefix, chap, builtin
}

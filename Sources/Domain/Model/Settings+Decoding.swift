extension Settings {
    /// Decodes the document; `revision` and `metrics` may be missing. The revision is the server's: a client
    /// sends the one it read as `If-Match`, and a `revision` in a PUT body is ignored, so a body
    /// without it is a whole document too (openapi `SettingsInput`).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: SettingsKeys.self)
        self.init(storage: try c.decode(StorageSettings.self, forKey: .storage),
                  dhcp: try c.decode(DHCPSettings.self, forKey: .dhcp),
                  tftp: try c.decode(TFTPSettings.self, forKey: .tftp),
                  http: try c.decode(HTTPSettings.self, forKey: .http),
                  iscsi: try c.decode(ISCSISettings.self, forKey: .iscsi),
                  thrift: try c.decode(ThriftSettings.self, forKey: .thrift),
                  power: try c.decode(PowerSettings.self, forKey: .power),
                  // Added later: documents saved before it have none.
                  tools: try c.decodeIfPresent(ToolsSettings.self, forKey: .tools) ?? ToolsSettings(),
                  limits: try c.decodeIfPresent(LimitSettings.self, forKey: .limits) ?? LimitSettings(),
                  // Added later: documents saved before it (and clients that predate it) have none.
                  metrics: try c.decodeIfPresent(MetricsSettings.self, forKey: .metrics) ?? MetricsSettings(),
                  revision: try c.decodeIfPresent(Int64.self, forKey: .revision) ?? 1)
    }
}

/// The document's keys (the same names encoding uses).
private enum SettingsKeys: String, CodingKey {
    case storage, dhcp, tftp, http, iscsi, thrift, power, tools, limits, metrics, revision
}

extension StorageSettings {
    /// Decodes the section; the import roots (added later) may be missing from a stored document.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: StorageKeys.self)
        self.init(driver: try c.decode(StorageDriverKind.self, forKey: .driver),
                  volumeGroup: try c.decode(String.self, forKey: .volumeGroup),
                  thinPool: try c.decode(String.self, forKey: .thinPool),
                  fileRoot: try c.decode(String.self, forKey: .fileRoot),
                  snapshotSizeMiB: try c.decode(Int.self, forKey: .snapshotSizeMiB),
                  importRoots: try c.decodeIfPresent([String].self, forKey: .importRoots) ?? [],
                  importDeviceRoots: try c.decodeIfPresent([String].self, forKey: .importDeviceRoots) ?? [])
    }
}

private enum StorageKeys: String, CodingKey {
    case driver, volumeGroup, thinPool, fileRoot, snapshotSizeMiB, importRoots, importDeviceRoots
}

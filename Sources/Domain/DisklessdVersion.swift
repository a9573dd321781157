/// The one version number of disklessd: `disklessd --version`, `GET /api/v1/version`, `/healthz`.
public enum DisklessdVersion {
    public static let current = "1.0.0"
    /// The Preset (dbc Thrift) protocol revision served, `Message.version` as clients send it.
    public static let presetMessageVersion: Int32 = 0x0100_0001
}

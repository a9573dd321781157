import Domain
import Hummingbird

/// `GET /healthz` (liveness) and `GET /api/v1/version`: no authentication.
public enum HealthRoutes {
    /// The version reported by `/healthz` and `/api/v1/version`.
    public static let version = DisklessdVersion.current

    struct Health: Encodable { var status = "ok"; var version = HealthRoutes.version }

    /// What `/api/v1/version` answers.
    struct Version: Encodable {
        var name = "disklessd"
        var version = HealthRoutes.version
        var api = "v1"
        var presetMessageVersion = DisklessdVersion.presetMessageVersion
    }

    public static func register(on router: Router<APIContext>) {
        router.get("healthz") { _, _ in try APIJSON.response(Health()) }
        router.get("api/v1/version") { _, _ in try APIJSON.response(Version()) }
    }
}

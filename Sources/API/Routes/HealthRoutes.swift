import Hummingbird

/// `GET /healthz`: liveness, no authentication.
public enum HealthRoutes {
    /// The version reported by `/healthz`.
    public static let version = "1.0.0"

    struct Health: Encodable { var status = "ok"; var version = HealthRoutes.version }

    public static func register(on router: Router<APIContext>) {
        router.get("healthz") { _, _ in try APIJSON.response(Health()) }
    }
}

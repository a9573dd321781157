import Hummingbird
import Services

/// `GET /api/v1/stats`: dashboard numbers; `GET /api/v1/health/alerts`: what the operator should fix.
public struct StatsRoutes: RouteGroup {
    let stats: StatsService

    public init(stats: StatsService) { self.stats = stats }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("stats") { _, context in
            _ = try context.caller()
            return try APIJSON.response(try await stats.summary())
        }
        api.get("health/alerts") { _, context in
            _ = try context.caller()
            return try APIJSON.response(try await stats.alerts())
        }
    }
}

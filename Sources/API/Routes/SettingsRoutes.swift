import Domain
import Hummingbird
import Services

/// `/api/v1/settings`: the one settings document; admins replace it whole with If-Match.
/// Secrets (the Smyoo password) are write-only: never shown, kept when a document leaves them out.
/// The preview routes live in their own file (boot).
public struct SettingsRoutes: RouteGroup {
    let settings: SettingsService

    public init(settings: SettingsService) { self.settings = settings }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("settings") { _, context in
            let caller = try context.caller()
            var current = try await settings.get().redacted()
            // The scrape token is a secret too: only admins read it back.
            if !caller.role.includes(.admin) { current.metrics.token = "" }
            return try APIJSON.response(current, headers: .etag(current.revision))
        }
        api.put("settings") { request, context in
            let caller = try context.caller(.admin)
            let expected = try request.expectedRevision()
            let input = try await request.json(Settings.self, context: context)
            let stored = try await settings.update(input, expectedRevision: expected, by: caller)
            return try APIJSON.response(stored.redacted(), headers: .etag(stored.revision))
        }
    }
}

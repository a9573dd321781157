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
            return try APIJSON.response(SettingsView(current, effective: settings.effective(current), firstRun: try await settings.isFirstRun()),
                                        headers: .etag(current.revision))
        }
        // The iPXE build each platform's PCs start: type, size, version, signature (issue 19).
        api.get("settings/boot-files") { _, context in
            _ = try context.caller()
            return try APIJSON.response(try await settings.bootFiles())
        }
        api.put("settings") { request, context in
            let caller = try context.caller(.admin)
            let expected = try request.expectedRevision()
            let input = try await request.json(Settings.self, context: context)
            let stored = try await settings.update(input, expectedRevision: expected, by: caller)
            return try APIJSON.response(SettingsView(stored.redacted(), effective: settings.effective(stored), firstRun: false),
                                        headers: .etag(stored.revision))
        }
    }
}

/// The settings document as GET and PUT answer it: the document, plus the read-only `effective`
/// values and `firstRun` (true until the settings were saved once), both ignored when a client
/// sends the document back.
struct SettingsView: Encodable {
    let settings: Settings
    let effective: EffectiveSettings
    let firstRun: Bool

    init(_ settings: Settings, effective: EffectiveSettings, firstRun: Bool) {
        self.settings = settings
        self.effective = effective
        self.firstRun = firstRun
    }

    enum CodingKeys: String, CodingKey { case effective, firstRun }

    func encode(to encoder: any Encoder) throws {
        try settings.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(effective, forKey: .effective)
        try container.encode(firstRun, forKey: .firstRun)
    }
}

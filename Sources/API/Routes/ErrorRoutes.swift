import Hummingbird
import Services

/// `GET /api/v1/errors`: every `code` a problem document can carry, with its usual status and an
/// English summary, so a client can map codes to its own words. Public: the login page needs it.
public enum ErrorRoutes {
    struct ErrorCodeView: Encodable, Sendable {
        var code: String
        var status: Int
        var summary: String
    }

    public static func register(on api: RouterGroup<APIContext>) {
        api.get("errors") { _, _ in
            try APIJSON.response(ErrorCode.allCases.map { ErrorCodeView(code: $0.rawValue, status: $0.status, summary: $0.summary) })
        }
    }
}

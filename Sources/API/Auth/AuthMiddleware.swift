import Domain
import HTTPTypes
import Hummingbird
import Services

/// Puts the caller into the context, or answers 401.
///
/// Credentials: `Authorization: Bearer <token>` (scripts) or the `disklessd_session` cookie
/// (console). Cookie-authenticated unsafe methods must carry `X-CSRF-Token` equal to the session's
/// token: SameSite=Strict already stops most cross-site writes, the header stops the rest.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = APIContext
    public static let cookieName = "disklessd_session"
    public static let csrfHeader = HTTPField.Name("X-CSRF-Token")!

    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    public func handle(_ request: Request, context: APIContext,
                       next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        let principal = try await authenticate(request)
        if case .session(_, let csrf) = principal.credential, request.method.isUnsafe {
            guard let sent = request.headers[Self.csrfHeader], constantTimeEquals(sent, csrf) else {
                throw APIError.csrfMismatch
            }
        }
        context.principal = principal
        return try await next(request, context)
    }

    func authenticate(_ request: Request) async throws -> Principal {
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError.unauthenticated("the Authorization header must be 'Bearer <token>'")
            }
            do {
                return Principal(caller: try await auth.verifyToken(String(parts[1])), credential: .token)
            } catch ServiceError.unauthorized {
                throw APIError.unauthenticated("invalid bearer token")
            }
        }
        if let id = request.cookies[Self.cookieName]?.value, !id.isEmpty {
            do {
                let session = try await auth.session(id: id)
                return Principal(caller: session.caller, credential: .session(id: id, csrfToken: session.csrfToken))
            } catch ServiceError.unauthorized {
                throw APIError.unauthenticated("session expired or invalid; log in again")
            }
        }
        throw APIError.unauthenticated("authentication required: log in or send a bearer token")
    }
}

extension HTTPRequest.Method {
    /// Methods that change state and so need the CSRF header under cookie authentication.
    var isUnsafe: Bool { !(self == .get || self == .head || self == .options) }
}

/// Compares two secrets without leaking where they differ through timing.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let x = Array(a.utf8), y = Array(b.utf8)
    guard x.count == y.count else { return false }
    var diff: UInt8 = 0
    for i in x.indices { diff |= x[i] ^ y[i] }
    return diff == 0
}

import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Services

/// `/api/v1/session`: log in (public), who am I, log out, change own password.
public struct SessionRoutes: RouteGroup {
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    struct LoginInput: Decodable { var username: String; var password: String }
    struct PasswordChange: Decodable { var currentPassword: String; var newPassword: String }
    struct SessionView: Encodable { var username: String; var role: UserRole; var csrfToken: String }

    /// `POST /api/v1/session`: the one API route without authentication.
    public func registerPublic(on api: RouterGroup<APIContext>) {
        api.post("session") { request, context in
            let input = try await request.json(LoginInput.self, context: context)
            let remote = await auth.clientAddress(peer: context.peerAddress, forwardedFor: request.headers[Self.forwardedFor])
            let session: AuthSession
            do {
                session = try await auth.login(username: input.username, password: input.password, remote: remote)
            } catch ServiceError.unauthorized {
                context.logger.notice("failed login", metadata: ["user": "\(input.username.prefix(64))", "remote": "\(remote)"])
                throw APIError.unauthenticated("wrong user name or password")
            } catch ServiceError.rateLimited(let seconds) {
                context.logger.debug("login rate limited", metadata: ["user": "\(input.username.prefix(64))", "remote": "\(remote)"])
                throw ServiceError.rateLimited(retryAfterSeconds: seconds)
            }
            var headers = HTTPFields()
            headers[.setCookie] = Self.cookie(value: session.id, maxAge: Int(session.expiresAt.timeIntervalSinceNow), request: request)
            return try APIJSON.response(SessionView(username: session.username, role: session.role, csrfToken: session.csrfToken),
                                        headers: headers)
        }
    }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("session") { _, context in
            let principal = try context.requirePrincipal()
            let user = try await auth.user(id: principal.caller.userID ?? 0)
            var csrf = ""
            if case .session(_, let token) = principal.credential { csrf = token }
            return try APIJSON.response(SessionView(username: user.username, role: user.role, csrfToken: csrf))
        }
        api.delete("session") { request, context in
            let principal = try context.requirePrincipal()
            if case .session(let id, _) = principal.credential { try await auth.logout(id: id) }
            var headers = HTTPFields()
            headers[.setCookie] = Self.cookie(value: "", maxAge: 0, request: request)
            return Response(status: .noContent, headers: headers)
        }
        api.post("session/password") { request, context in
            let principal = try context.requirePrincipal()
            let input = try await request.json(PasswordChange.self, context: context)
            var keep: String?
            if case .session(let id, _) = principal.credential { keep = id }
            do {
                try await auth.changePassword(of: principal.caller, current: input.currentPassword, new: input.newPassword,
                                              keepSession: keep)
            } catch ServiceError.unauthorized {
                // The caller is authenticated; a wrong current password is a field error, not a 401.
                throw ValidationError(field: "currentPassword", "the current password is wrong")
            }
            return APIJSON.noContent()
        }
    }

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// `disklessd_session=<id>; HttpOnly; SameSite=Strict; Path=/` (+ `Secure` behind HTTPS).
    static func cookie(value: String, maxAge: Int, request: Request) -> String {
        var parts = ["\(AuthMiddleware.cookieName)=\(value)", "Path=/", "HttpOnly", "SameSite=Strict", "Max-Age=\(max(0, maxAge))"]
        if request.isHTTPS { parts.append("Secure") }
        return parts.joined(separator: "; ")
    }
}

extension Request {
    /// True when a proxy says the client used HTTPS (`X-Forwarded-Proto: https`, or RFC 7239 `Forwarded: proto=https`).
    var isHTTPS: Bool {
        if let proto = headers[HTTPField.Name("X-Forwarded-Proto")!]?.split(separator: ",").first {
            return proto.trimmingCharacters(in: .whitespaces).lowercased() == "https"
        }
        if let forwarded = headers[HTTPField.Name("Forwarded")!]?.lowercased() {
            return forwarded.contains("proto=https")
        }
        return false
    }
}

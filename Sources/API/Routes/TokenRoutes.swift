import Domain
import Foundation
import Hummingbird
import Services

/// `/api/v1/tokens`: the caller's API tokens (an admin sees all). The secret is shown only at creation.
public struct TokenRoutes: RouteGroup {
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    struct TokenInput: Decodable { var name: String }
    struct TokenView: Encodable {
        var id: Int64
        var name: String
        var createdAt: Date
        var lastUsedAt: Date?
        init(_ t: APIToken) { id = t.id; name = t.name; createdAt = t.createdAt; lastUsedAt = t.lastUsedAt }
    }
    struct CreatedView: Encodable { var id: Int64; var name: String; var token: String; var createdAt: Date }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("tokens") { request, context in
            let caller = try context.caller()
            let page = try PageQuery(request)
            let all = try await auth.tokens(for: caller)
            return try APIJSON.response(Page(items: all.dropFirst(page.offset).prefix(page.limit).map(TokenView.init),
                                             total: all.count, limit: page.limit, offset: page.offset))
        }
        api.post("tokens") { request, context in
            // Any role may hold tokens: a token carries its user's role, never more.
            let caller = try context.caller()
            let input = try await request.json(TokenInput.self, context: context)
            let created = try await auth.createToken(name: input.name, by: caller)
            var headers = HTTPFields()
            headers[.location] = "tokens/\(created.token.id)"
            headers[.cacheControl] = "no-store"
            return try APIJSON.response(CreatedView(id: created.token.id, name: created.token.name, token: created.secret,
                                                    createdAt: created.token.createdAt), status: .created, headers: headers)
        }
        api.delete("tokens/:id") { _, context in
            let caller = try context.caller()
            // Idempotent: revoking a token that is already gone is not an error.
            try await auth.deleteToken(id: try context.id(of: .token), by: caller)
            return APIJSON.noContent()
        }
    }
}

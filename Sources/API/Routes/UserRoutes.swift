import Domain
import Foundation
import Hummingbird
import Services

/// `/api/v1/users`: admin only. Password hashes never leave the server.
public struct UserRoutes: RouteGroup {
    let auth: AuthService

    public init(auth: AuthService) { self.auth = auth }

    struct UserView: Encodable {
        var id: Int64
        var username: String
        var role: UserRole
        var createdAt: Date
        init(_ u: User) { id = u.id; username = u.username; role = u.role; createdAt = u.createdAt }
    }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("users") { request, context in
            _ = try context.caller(.admin)
            let page = try PageQuery(request)
            let all = try await auth.users()
            return try APIJSON.response(Page(items: all.dropFirst(page.offset).prefix(page.limit).map(UserView.init),
                                             total: all.count, limit: page.limit, offset: page.offset))
        }
        api.post("users") { request, context in
            let caller = try context.caller(.admin)
            let input = try await request.json(UserInput.self, context: context)
            let user = try await auth.createUser(input, by: caller)
            var headers = HTTPFields()
            headers[.location] = "users/\(user.id)"
            return try APIJSON.response(UserView(user), status: .created, headers: headers)
        }
        api.put("users/:id") { request, context in
            let caller = try context.caller(.admin)
            let id = try context.id(of: .user)
            var input = try await request.json(UserInput.self, context: context)
            if input.role != nil, id == caller.userID {
                // An admin demoting themselves could lock everyone out of user management.
                throw ServiceError.conflict(.userSelf, "you cannot change your own role")
            }
            input.username = nil
            return try APIJSON.response(UserView(try await auth.updateUser(id: id, input, by: caller)))
        }
        api.delete("users/:id") { _, context in
            let caller = try context.caller(.admin)
            let id = try context.id(of: .user)
            if id == caller.userID { throw ServiceError.conflict(.userSelf, "you cannot delete yourself") }
            _ = try await auth.deleteUser(id: id, by: caller)
            return APIJSON.noContent()
        }
    }
}

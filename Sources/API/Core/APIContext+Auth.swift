import Domain
import Services

extension APIContext {
    /// The authenticated caller, or a 401 when the route ran without `AuthMiddleware`.
    public func requirePrincipal() throws -> Principal {
        guard let principal else { throw APIError.unauthenticated("authentication required") }
        return principal
    }

    /// The service-layer caller after checking its role is at least `role` (403 otherwise).
    /// viewer < operator < admin.
    public func caller(_ role: UserRole = .viewer) throws -> Caller {
        let caller = try requirePrincipal().caller
        guard caller.role.includes(role) else {
            throw APIError.forbidden("role \(caller.role.rawValue) may not do this; \(role.rawValue) or higher is needed")
        }
        return caller
    }
}

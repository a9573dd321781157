import Hummingbird
import Services

/// The routes of one resource, registered under `/api/v1` behind authentication.
///
/// Adding a resource is one file with a `RouteGroup` and one line in `APIRouter.groups`.
public protocol RouteGroup: Sendable {
    /// Adds the routes to `api` (already at `/api/v1`, already authenticated).
    func register(on api: RouterGroup<APIContext>)
}

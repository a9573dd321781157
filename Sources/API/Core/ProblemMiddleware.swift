import Hummingbird

/// Outermost middleware: every error below it (routes, auth, 404s, body limits) leaves as
/// `application/problem+json`.
public struct ProblemMiddleware: RouterMiddleware {
    public typealias Context = APIContext

    public init() {}

    public func handle(_ request: Request, context: APIContext,
                       next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return ErrorMapping.response(for: error, request: request, logger: context.logger)
        }
    }
}

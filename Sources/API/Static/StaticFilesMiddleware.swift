import Foundation
import HTTPTypes
import Hummingbird

/// Serves the console from a `WebRoot` for GET/HEAD requests no route answered.
///
/// It runs only after the router said 404, so API routes always win; paths under `/api/` are never
/// looked up on disk. Links in the console are relative, so it also works under a proxy sub-path.
public struct StaticFilesMiddleware: RouterMiddleware {
    public typealias Context = APIContext
    let root: WebRoot
    let fileIO = FileIO()

    public init(root: WebRoot) { self.root = root }

    public func handle(_ request: Request, context: APIContext,
                       next: (Request, APIContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard request.method == .get || request.method == .head,
                  !request.uri.path.hasPrefix("/api/"),
                  let path = root.file(forURLPath: request.uri.path) else { throw error }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            var headers = HTTPFields()
            headers[.contentType] = WebRoot.contentType(for: path)
            headers[.contentLength] = String(size)
            // The console is small and changes with releases; let the browser revalidate.
            headers[.cacheControl] = "no-cache"
            headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
            if request.method == .head { return Response(status: .ok, headers: headers) }
            let body = try await fileIO.loadFile(path: path, context: context)
            return Response(status: .ok, headers: headers, body: body)
        }
    }
}

import Domain
import Hummingbird
import Services

/// `/api/v1/images`: image records with ETag/If-Match. Content, import, versions and maintenance
/// routes live in their own files (storage).
public struct ImageRoutes: RouteGroup {
    let images: ImageService

    public init(images: ImageService) { self.images = images }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("images") { request, context in
            _ = try context.caller()
            let page = try PageQuery(request)
            var kind: String?
            if let text = request.query("kind") {
                guard ImageKind(rawValue: text) != nil else { throw ValidationError(field: "kind", "must be os or data") }
                kind = text
            }
            let list = try await images.list(kind: kind, limit: page.limit, offset: page.offset)
            let lifecycles = try await images.lifecycles(list.items)
            var views: [ImageView] = []
            for image in list.items {
                views.append(ImageView(image, usedBy: try await images.usedBy(id: image.id), lifecycle: lifecycles[image.id]))
            }
            return try APIJSON.response(Page(items: views, total: list.total, limit: list.limit, offset: list.offset))
        }
        api.post("images") { request, context in
            let caller = try context.caller(.operator_)
            let input = try await request.json(ImageInput.self, context: context)
            let image = try await images.create(input, by: caller)
            var headers = HTTPFields.etag(image.revision)
            headers[.location] = "images/\(image.id)"
            return try APIJSON.response(ImageView(image, lifecycle: try await images.lifecycle(image)), status: .created, headers: headers)
        }
        api.get("images/:id") { _, context in
            _ = try context.caller()
            let image = try await images.get(id: try context.id(of: .image))
            return try await view(image)
        }
        api.put("images/:id") { request, context in
            let caller = try context.caller(.operator_)
            let id = try context.id(of: .image)
            let expected = try request.expectedRevision()
            let input = try await request.json(ImageInput.self, context: context)
            let image = try await images.update(id: id, input, expectedRevision: expected, by: caller)
            return try await view(image)
        }
        api.delete("images/:id") { _, context in
            let caller = try context.caller(.operator_)
            _ = try await images.delete(id: try context.id(of: .image), by: caller)
            return APIJSON.noContent()
        }
    }

    /// An image with what uses it and its lifecycle, and its ETag.
    func view(_ image: Image) async throws -> Response {
        try APIJSON.response(ImageView(image, usedBy: try await images.usedBy(id: image.id), lifecycle: try await images.lifecycle(image)),
                             headers: .etag(image.revision))
    }
}

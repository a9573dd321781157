import Domain
import Hummingbird
import Services

/// `/api/v1/boot-items`: CRUD with ETag/If-Match. The preview route lives in its own file (boot).
public struct BootItemRoutes: RouteGroup {
    let bootItems: BootItemService

    public init(bootItems: BootItemService) { self.bootItems = bootItems }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("boot-items") { request, context in
            _ = try context.caller()
            let page = try PageQuery(request)
            var all = try await bootItems.list()
            if let text = request.query("kind") {
                guard let kind = BootItemKind(rawValue: text) else {
                    throw ValidationError(field: "kind", "must be one of \(BootItemKind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                all = all.filter { $0.kind == kind }
            }
            return try APIJSON.response(Page(items: Array(all.dropFirst(page.offset).prefix(page.limit)), total: all.count,
                                             limit: page.limit, offset: page.offset))
        }
        api.post("boot-items") { request, context in
            let caller = try context.caller(.operator_)
            let input = try await request.json(BootItemInput.self, context: context)
            let item = try await bootItems.create(input, by: caller)
            var headers = HTTPFields.etag(item.revision)
            headers[.location] = "boot-items/\(item.id)"
            return try APIJSON.response(item, status: .created, headers: headers)
        }
        api.get("boot-items/:id") { _, context in
            _ = try context.caller()
            let item = try await bootItems.get(id: try context.id(of: .bootItem))
            return try APIJSON.response(item, headers: .etag(item.revision))
        }
        api.put("boot-items/:id") { request, context in
            let caller = try context.caller(.operator_)
            let id = try context.id(of: .bootItem)
            let expected = try request.expectedRevision()
            let input = try await request.json(BootItemInput.self, context: context)
            let item = try await bootItems.update(id: id, input, expectedRevision: expected, by: caller)
            return try APIJSON.response(item, headers: .etag(item.revision))
        }
        api.delete("boot-items/:id") { _, context in
            let caller = try context.caller(.operator_)
            _ = try await bootItems.delete(id: try context.id(of: .bootItem), by: caller)
            return APIJSON.noContent()
        }
    }
}

import Hummingbird

extension APIContext {
    /// The integer path parameter `name`; anything else names nothing, so it is a 404.
    public func id(_ name: String = "id", of resource: String) throws -> Int64 {
        let raw = parameters.get(name) ?? ""
        guard let id = Int64(raw), id > 0 else {
            throw APIError.notFound("no \(resource) with id '\(raw.prefix(40))'")
        }
        return id
    }
}

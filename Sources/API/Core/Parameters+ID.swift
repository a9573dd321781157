import Hummingbird
import Services

/// What a path's id names: its word in a 404's text and the 404's code.
public struct PathResource: Sendable {
    let noun: String
    let notFound: ErrorCode

    public static let machine = PathResource(noun: "machine", notFound: .machineNotFound)
    public static let image = PathResource(noun: "image", notFound: .imageNotFound)
    public static let bootItem = PathResource(noun: "boot item", notFound: .bootItemNotFound)
    public static let user = PathResource(noun: "user", notFound: .userNotFound)
    public static let token = PathResource(noun: "token", notFound: .tokenNotFound)
    public static let job = PathResource(noun: "job", notFound: .jobNotFound)
}

extension APIContext {
    /// The integer path parameter `name`; anything else names nothing, so it is a 404.
    public func id(_ name: String = "id", of resource: PathResource) throws -> Int64 {
        let raw = parameters.get(name) ?? ""
        guard let id = Int64(raw), id > 0 else {
            throw APIError.notFound(resource.notFound, "no \(resource.noun) with id '\(raw.prefix(40))'")
        }
        return id
    }
}

import Foundation
import Domain
import Hummingbird
import Services

/// `/api/v1/discovered`: MAC addresses that tried to boot but are not registered.
public struct DiscoveredRoutes: RouteGroup {
    let discovery: DiscoveryService

    public init(discovery: DiscoveryService) { self.discovery = discovery }

    struct RegisterInput: Decodable { var name: String? }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("discovered") { request, context in
            _ = try context.caller()
            let page = try PageQuery(request)
            let all = try await discovery.list()
            return try APIJSON.response(Page(items: Array(all.dropFirst(page.offset).prefix(page.limit)), total: all.count,
                                             limit: page.limit, offset: page.offset))
        }
        api.post("discovered/:mac/register") { request, context in
            let caller = try context.caller(.operator_)
            let mac = try Self.mac(context)
            // The body is optional: no body registers under a generated name.
            let buffer = try await request.body.collect(upTo: APILimits.jsonBodyBytes)
            var name: String?
            if buffer.readableBytes > 0 {
                name = try APIJSON.decoder.decode(RegisterInput.self, from: Data(buffer.readableBytesView)).name
            }
            let machine = try await discovery.register(mac: mac, name: name, by: caller)
            var headers = HTTPFields.etag(machine.revision)
            headers[.location] = "../../machines/\(machine.id)"
            return try APIJSON.response(MachineView(machine), status: .created, headers: headers)
        }
        api.delete("discovered/:mac") { _, context in
            let caller = try context.caller(.operator_)
            _ = try await discovery.remove(mac: try Self.mac(context), by: caller)
            return APIJSON.noContent()
        }
    }

    /// The `mac` path parameter in any accepted spelling; anything else names nothing (404).
    static func mac(_ context: APIContext) throws -> MACAddress {
        // Path parameters arrive percent-encoded: `52%3A54%3A...` is the colon form.
        let raw = context.parameters.get("mac").flatMap { $0.removingPercentEncoding } ?? ""
        guard let mac = MACAddress(raw) else { throw APIError.notFound(.discoveredNotFound, "no discovered machine with MAC '\(raw.prefix(40))'") }
        return mac
    }
}

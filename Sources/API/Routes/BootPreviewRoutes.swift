import Domain
import Hummingbird
import Services

/// Previews of generated text for the console, as `text/plain`:
/// `GET /api/v1/boot-items/{id}/preview?machine={id}` (one item's iPXE script for a machine,
/// without a boot event) and `GET /api/v1/settings/preview/{dnsmasq,dnsmasq-proxy,isc,boot.ipxe.cfg,boot.ipxe}`.
public struct BootPreviewRoutes: RouteGroup {
    let boot: BootService

    public init(boot: BootService) { self.boot = boot }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("boot-items/:id/preview") { request, context in
            _ = try context.caller()
            let id = try context.id(of: .bootItem)
            var machine: Int64?
            if let text = request.uri.queryParameters["machine"] {
                guard let m = Int64(String(text)), m > 0 else {
                    throw ValidationError(field: "machine", "must be a machine id")
                }
                machine = m
            }
            return APIJSON.text(try await boot.preview(bootItem: id, machine: machine))
        }
        api.get("settings/preview/:kind") { _, context in
            _ = try context.caller()
            let raw = context.parameters.get("kind") ?? ""
            guard let kind = ConfigPreviewKind(rawValue: raw) else {
                throw APIError.notFound(.notFound, "no preview '\(raw.prefix(40))': one of "
                                        + ConfigPreviewKind.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return APIJSON.text(try await boot.configPreview(kind))
        }
    }
}

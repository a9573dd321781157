import Domain
import Hummingbird
import NIOCore
import Services

/// `GET /metrics`: the Prometheus text exposition, for the scrapers `settings.metrics` lets in
/// (off → 403; token → `Authorization: Bearer …`, else 401; addresses → the peer's address, else 403).
/// The exposition is a snapshot of in-memory counters: a scrape never waits for the database
/// beyond reading the settings, nor for a driver.
public struct MetricsRoutes: Sendable {
    let settings: SettingsService
    let exposition: @Sendable () -> [UInt8]

    /// - Parameter exposition: renders every metric in the text format (the Prometheus registry).
    public init(settings: SettingsService, exposition: @escaping @Sendable () -> [UInt8]) {
        self.settings = settings
        self.exposition = exposition
    }

    public func register(on router: Router<APIContext>) {
        router.get("metrics") { request, context in
            let access = try await settings.get().metrics
            try Self.authorize(access, authorization: request.headers[.authorization], peer: context.peerAddress)
            let bytes = exposition()
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.contentLength] = String(bytes.count)
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }

    /// Throws the answer for a scraper `access` does not let in.
    static func authorize(_ access: MetricsSettings, authorization: String?, peer: String) throws {
        switch access.access {
        case .off:
            throw APIError.forbidden("metrics scraping is off: set settings.metrics.access to token or addresses")
        case .token:
            let prefix = "Bearer "
            guard let authorization, authorization.hasPrefix(prefix), !access.token.isEmpty,
                  constantTimeEqual(Array(authorization.dropFirst(prefix.count).utf8), Array(access.token.utf8)) else {
                throw APIError.unauthenticated("metrics need Authorization: Bearer with settings.metrics.token")
            }
        case .addresses:
            let address = peer.hasPrefix("::ffff:") ? String(peer.dropFirst(7)) : peer
            guard let ip = IPv4Address(address), access.allowedAddresses.contains(ip) else {
                throw APIError.forbidden("\(address) is not in settings.metrics.allowedAddresses")
            }
        }
    }

    /// Compares without leaving the position of the first difference in the timing.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}

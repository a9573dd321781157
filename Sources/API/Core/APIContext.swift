import Foundation
import Domain
import Hummingbird
import NIOCore

/// The request context of every API route: the authenticated caller (set by `AuthMiddleware`)
/// and the peer address (for login rate limiting, the boot endpoints' per-client limits and
/// ownership check, and the audit log).
public struct APIContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is calling; nil before `AuthMiddleware` ran or on public routes.
    public var principal: Principal?
    /// The peer's socket address (Hummingbird's `RemoteAddressRequestContext`).
    public let remoteAddress: SocketAddress?
    /// The peer's IP address as the socket sees it, or "unknown".
    public var peerAddress: String { remoteAddress?.ipAddress ?? "unknown" }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// JSON bodies are limited to 1 MiB; routes that take more (CSV, uploads) collect it themselves.
    public var maxUploadSize: Int { APILimits.jsonBodyBytes }

    public var requestDecoder: JSONDecoder { APIJSON.decoder }
    public var responseEncoder: JSONEncoder { APIJSON.encoder }
}

/// Body size limits per kind of request.
public enum APILimits {
    public static let jsonBodyBytes = 1 << 20
    public static let csvBodyBytes = 8 << 20
}

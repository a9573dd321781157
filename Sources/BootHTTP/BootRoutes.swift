import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Services
import Telemetry

/// The unauthenticated boot endpoints, rate-limited per client address:
///
/// | route | what |
/// |---|---|
/// | `GET /boot.ipxe` | the generic script: chains `/boot/${mac:hexraw}.ipxe?platform=…` |
/// | `GET /boot/{mac}.ipxe` | the machine's script (the boot event); MAC in any accepted form |
/// | `GET, HEAD /assets/{path…}` | files of the HTTP root, with Range |
/// | `GET /preseed/{mac}.cfg` | the Linux installer's answers (tools menu of super workstations) |
public struct BootRoutes: Sendable {
    let boot: BootService
    let assets: AssetServer
    let limiter: RateLimiter
    /// Requests answered by the fast path (`fastPathHandler`), since start.
    public let fastAnswers = FastAnswerCount()
    let logger: Logger

    public init(boot: BootService, assets: AssetServer, limiter: RateLimiter = RateLimiter(),
                logger: Logger = Logger(label: "disklessd.boot-http")) {
        self.boot = boot
        self.assets = assets
        self.limiter = limiter
        self.logger = logger
    }

    /// Adds the routes to `router` (any request context: the app's or a test's). The client is
    /// the peer address when the context knows it (`RemoteAddressRequestContext`), or the
    /// `X-Forwarded-For` client behind a proxy in `http.trustedProxies`.
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("boot.ipxe") { request, context in
            try await limited(request, context) { _ in
                Self.script(try await boot.genericScript(host: request.head.authority))
            }
        }
        router.get("boot/:file") { request, context in
            try await limited(request, context) { ip in
                let file = context.parameters.get("file") ?? ""
                guard file.hasSuffix(".ipxe"), let mac = MACAddress(String(file.dropLast(".ipxe".count))) else {
                    return AssetServer.text(.notFound, "not found: expected /boot/<mac>.ipxe\n")
                }
                let query = request.uri.queryParameters
                let client = BootClient(platform: query["platform"].map(String.init), buildarch: query["buildarch"].map(String.init),
                                        uuid: query["uuid"].map(String.init), serial: query["serial"].map(String.init),
                                        ip: ip)
                return await Telemetry.timed({ Telemetry.bootScriptServed(in: $0) }) {
                    Self.script(await boot.script(forMAC: mac, client: client, host: request.head.authority))
                }
            }
        }
        router.get("preseed/:file") { request, context in
            try await limited(request, context) { _ in
                let file = context.parameters.get("file") ?? ""
                guard file.hasSuffix(".cfg"), let mac = MACAddress(String(file.dropLast(".cfg".count))),
                      let text = try await boot.preseed(forMAC: mac, host: request.head.authority) else {
                    return AssetServer.text(.notFound, "not found: expected /preseed/<mac>.cfg of a machine with the tools menu\n")
                }
                return Self.script(text)
            }
        }
        router.get("assets/**") { request, context in
            try await limited(request, context) { _ in
                try await assets.respond(to: request, relative: Self.assetPath(context), context: context)
            }
        }
        router.head("assets/**") { request, context in
            try await limited(request, context) { _ in
                try await assets.respond(to: request, relative: Self.assetPath(context), headOnly: true, context: context)
            }
        }
    }

    /// Longest query string a boot request may carry (iPXE sends a few short parameters).
    static let maxQueryBytes = 2048

    /// Answers 414 for an oversized query and 429 when the client's bucket is empty, else runs
    /// `body` with the client's address (nil when the context does not know the peer).
    func limited<Context: RequestContext>(_ request: Request, _ context: Context,
                                          _ body: (IPv4Address?) async throws -> Response) async throws -> Response {
        let client = await Self.client(request, context, boot: boot)
        guard (request.uri.query?.utf8.count ?? 0) <= Self.maxQueryBytes else {
            return AssetServer.text(.uriTooLong, Self.queryTooLongText)
        }
        guard limiter.allow(client.key) else {
            Telemetry.bootRateLimited()
            return Self.tooMany(client.key)
        }
        return try await body(client.ip)
    }

    static func tooMany(_ key: String) -> Response {
        var response = AssetServer.text(.tooManyRequests, tooManyText(key))
        response.headers[.retryAfter] = "1"
        return response
    }

    static func tooManyText(_ key: String) -> String { "too many requests from \(key): slow down\n" }

    static let queryTooLongText = "query string too long: at most \(maxQueryBytes) bytes\n"

    static func script(_ text: String) -> Response {
        Response(status: .ok, headers: scriptHeaders(text), body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The headers of a script response (both paths).
    static func scriptHeaders(_ text: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(text.utf8.count)
        headers[.cacheControl] = "no-store"
        return headers
    }

    /// The path after `/assets/`, percent-decoded; "" for the root.
    static func assetPath<Context: RequestContext>(_ context: Context) -> String {
        let raw = context.parameters.getCatchAll().joined(separator: "/")
        return raw.removingPercentEncoding ?? "\0"
    }

    /// The client a request is counted under (`key`: its address, or "unknown") and its IPv4
    /// address: the socket peer, or behind a trusted proxy the `X-Forwarded-For` client (the
    /// same rule as logins, `ForwardedClient`).
    static func client<Context: RequestContext>(_ request: Request, _ context: Context,
                                                boot: BootService) async -> (key: String, ip: IPv4Address?) {
        guard let peer = (context as? any RemoteAddressRequestContext)?.remoteAddress?.ipAddress else { return ("unknown", nil) }
        let address = await boot.clientAddress(peer: peer, forwardedFor: request.headers[Self.forwardedFor])
        let plain = address.hasPrefix("::ffff:") ? String(address.dropFirst(7)) : address
        return (plain, IPv4Address(plain))
    }

    /// `X-Forwarded-For`.
    public static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
}

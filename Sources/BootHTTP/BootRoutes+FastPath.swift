import Domain
import Foundation
import HTTPTypes
import Metrics
import NIOCore
import Services
import Telemetry

extension BootRoutes {
    /// A handler for one connection that answers `GET /boot.ipxe` and `GET /boot/<mac>.ipxe` on
    /// the event loop when `BootService` has the answer in memory (`cachedGenericScript`,
    /// `cachedScript`), with the same rate limit, headers, bytes and boot event as the routes;
    /// everything else goes to the router. `countsRequests`: the port's router counts requests
    /// (Hummingbird's `MetricsMiddleware`), so the fast path counts its answers the same way.
    public func fastPathHandler(countsRequests: Bool) -> FastPathHandler {
        let metrics = countsRequests ? FastPathMetrics.shared : nil
        return FastPathHandler { request, peer in
            let start = ContinuousClock.now
            guard let answer = fastAnswer(request, peer: peer) else { return nil }
            fastAnswers.increment()
            metrics?.count(answer.route, status: answer.response.status, since: start)
            return answer.response
        }
    }

    /// The fast answer to `request` from `peer` and the route it stands for, or nil for the router.
    func fastAnswer(_ request: HTTPRequest, peer: SocketAddress?) -> (route: String, response: FastResponse)? {
        guard request.method == .get, let target = request.path, let peerAddress = peer?.ipAddress else { return nil }
        let path: Substring, query: Substring?
        if let mark = target.utf8.firstIndex(of: UInt8(ascii: "?")) {
            path = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            (path, query) = (target[...], nil)
        }
        let mac: MACAddress?
        if path == "/boot.ipxe" {
            mac = nil
        } else {
            // Only the plain form the router would match the same way: no escapes, one segment.
            guard path.hasPrefix("/boot/"), path.hasSuffix(".ipxe") else { return nil }
            let name = path.dropFirst("/boot/".count).dropLast(".ipxe".count)
            guard !name.contains("/"), !name.contains("%"), let parsed = MACAddress(String(name)) else { return nil }
            mac = parsed
        }
        let route = mac == nil ? "/boot.ipxe" : "/boot/{file}"
        guard let address = boot.cachedClientAddress(peer: peerAddress, forwardedFor: request.headerFields[Self.forwardedFor]) else {
            return nil
        }
        let key = address.hasPrefix("::ffff:") ? String(address.dropFirst(7)) : address
        guard (query?.utf8.count ?? 0) <= Self.maxQueryBytes else {
            return (route, Self.fastText(.uriTooLong, Self.queryTooLongText))
        }
        let host = request.authority
        guard let mac else {
            guard let text = boot.cachedGenericScript(host: host) else { return nil }
            guard limiter.allow(key) else { return (route, Self.fastTooMany(key)) }
            return (route, Self.fastScript(text))
        }
        let clock = ContinuousClock()
        let start = clock.now
        switch boot.cachedScript(forMAC: mac, ip: IPv4Address(key), host: host, admit: { limiter.allow(key) }) {
        case .slowPath:
            return nil
        case .denied:
            return (route, Self.fastTooMany(key))
        case .script(let text):
            Telemetry.bootScriptServed(in: clock.now - start)
            return (route, Self.fastScript(text))
        }
    }

    static func fastScript(_ text: String) -> FastResponse {
        var headers = scriptHeaders(text)
        headers[.date] = HTTPDate.now
        return FastResponse(status: .ok, headers: headers, body: ByteBuffer(string: text))
    }

    static func fastTooMany(_ key: String) -> FastResponse {
        Telemetry.bootRateLimited()
        return fastText(.tooManyRequests, tooManyText(key), retryAfter: true)
    }

    /// `AssetServer.text` as the fast path writes it (Hummingbird's `Date` last).
    static func fastText(_ status: HTTPResponse.Status, _ body: String, retryAfter: Bool = false) -> FastResponse {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers[.contentLength] = String(body.utf8.count)
        if retryAfter { headers[.retryAfter] = "1" }
        headers[.date] = HTTPDate.now
        return FastResponse(status: status, headers: headers, body: ByteBuffer(string: body))
    }
}

/// How many requests the fast path answered (tests tell the two paths apart with it).
public final class FastAnswerCount: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    public var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }

    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }
}

/// The counters Hummingbird's `MetricsMiddleware` keeps per route and status (`hb.requests`,
/// `http.server.request.duration`), for requests the fast path answers on the main port; made
/// once per route and status, as the middleware does.
final class FastPathMetrics: @unchecked Sendable {
    static let shared = FastPathMetrics()
    private let lock = NSLock()
    private var made: [String: (Counter, Timer)] = [:]

    func count(_ route: String, status: HTTPResponse.Status, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let key = "\(route) \(status.code)"
        lock.lock()
        let metrics = made[key] ?? {
            let dimensions = [("http.route", route), ("http.request.method", "GET"), ("http.response.status_code", status.code.description)]
            let pair = (Counter(label: "hb.requests", dimensions: dimensions),
                        Timer(label: "http.server.request.duration", dimensions: dimensions, preferredDisplayUnit: .seconds))
            made[key] = pair
            return pair
        }()
        lock.unlock()
        metrics.0.increment()
        metrics.1.record(duration: elapsed)
    }
}

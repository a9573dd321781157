import API
import Domain
import Foundation
import HTTPTypes
import Metrics
import NIOCore
import NIOHTTP1
import Services
import Synchronization
import Telemetry

extension BootRoutes {
    /// A handler for one connection that answers `GET /boot.ipxe` and `GET /boot/<mac>.ipxe` on
    /// the event loop when `BootService` has the answer in memory (`fastGenericScript`,
    /// `fastScript`), with the same rate limit, headers, bytes and boot event as the routes;
    /// everything else goes to the router. `countsRequests`: the port's router counts requests
    /// (Hummingbird's `MetricsMiddleware`), so the fast path counts its answers the same way.
    public func fastPathHandler(countsRequests: Bool) -> FastPathHandler {
        let metrics = countsRequests ? FastPathMetrics.shared : nil
        return FastPathHandler { head, peer, allocator in
            let start = ContinuousClock.now
            guard let answer = fastAnswer(head, peer: peer, allocator: allocator) else { return nil }
            fastAnswers.increment()
            metrics?.count(answer.route, status: answer.status, since: start)
            return answer.bytes
        }
    }

    /// The fast answer to `head` from `peer`: its route and status (for the metrics) and its
    /// bytes; nil for the router.
    func fastAnswer(_ head: HTTPRequestHead, peer: FastPeer, allocator: ByteBufferAllocator)
        -> (route: FastRoute, status: Int, bytes: ByteBuffer)? {
        guard head.method == .GET, let peerText = peer.text else { return nil }
        let target = head.uri.utf8
        let mark = target.firstIndex(of: UInt8(ascii: "?"))
        let path = target[..<(mark ?? target.endIndex)]
        let queryBytes = mark.map { target.distance(from: $0, to: target.endIndex) - 1 } ?? 0
        let route: FastRoute
        var mac: MACAddress?
        if path.elementsEqual("/boot.ipxe".utf8) {
            route = .generic
        } else {
            // Only the plain form the router would match the same way: no escapes, one segment.
            guard path.starts(with: "/boot/".utf8), path.count > 11, path.reversed().starts(with: "expi.".utf8) else { return nil }
            let name = path.dropFirst(6).dropLast(5)
            guard !name.contains(UInt8(ascii: "/")), !name.contains(UInt8(ascii: "%")),
                  let text = String(name), let parsed = MACAddress(text) else { return nil }
            route = .machine
            mac = parsed
        }
        // The client: the peer, or behind a trusted proxy the client it names.
        var key = peerText, ip = peer.address
        if let forwarded = head.headers.first(name: Self.forwardedFor.rawName) {
            guard let trusted = boot.fastTrustedProxies() else { return nil }
            let resolved = ForwardedClient.resolve(peer: peerText, forwardedFor: forwarded, trusted: trusted)
            key = resolved.hasPrefix("::ffff:") ? String(resolved.dropFirst(7)) : resolved
            ip = IPv4Address(key)
        }
        guard queryBytes <= Self.maxQueryBytes else {
            return (route, 414, FastResponseBytes.text(FastResponseBytes.uriTooLong, Self.queryTooLongText, allocator: allocator))
        }
        let host = head.headers.first(name: "host")
        guard let mac else {
            guard let script = boot.fastGenericScript(host: host) else { return nil }
            guard limiter.allow(key) else { return (route, 429, Self.fastTooMany(key, allocator: allocator)) }
            return (route, 200, FastResponseBytes.script(script.bytes, allocator: allocator))
        }
        let clock = ContinuousClock()
        let start = clock.now
        switch boot.fastScript(forMAC: mac, ip: ip, host: host, admit: { limiter.allow(key) }) {
        case .slowPath:
            return nil
        case .denied:
            return (route, 429, Self.fastTooMany(key, allocator: allocator))
        case .script(let script):
            Telemetry.bootScriptServed(in: clock.now - start)
            return (route, 200, FastResponseBytes.script(script.bytes, allocator: allocator))
        }
    }

    static func fastTooMany(_ key: String, allocator: ByteBufferAllocator) -> ByteBuffer {
        Telemetry.bootRateLimited()
        return FastResponseBytes.text(FastResponseBytes.tooManyRequests, tooManyText(key), retryAfter: true, allocator: allocator)
    }
}

/// The two routes the fast path answers, as the router names them.
enum FastRoute: Int {
    case generic, machine

    var name: String { self == .generic ? "/boot.ipxe" : "/boot/{file}" }
}

/// How many requests the fast path answered (tests tell the two paths apart with it). An atomic:
/// it is counted on every fast answer, on both event loops.
public final class FastAnswerCount: Sendable {
    private let count = Atomic<Int>(0)

    public var value: Int { count.load(ordering: .relaxed) }

    func increment() {
        count.add(1, ordering: .relaxed)
    }
}

/// The counters Hummingbird's `MetricsMiddleware` keeps per route and status (`hb.requests`,
/// `http.server.request.duration`), for requests the fast path answers on the main port; made
/// once per route and status, as the middleware does.
final class FastPathMetrics: @unchecked Sendable {
    static let shared = FastPathMetrics()
    private let lock = NSLock()
    private var made: [Int: (Counter, Timer)] = [:]

    func count(_ route: FastRoute, status: Int, since start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let key = status &* 2 &+ route.rawValue
        lock.lock()
        let metrics = made[key] ?? {
            let dimensions = [("http.route", route.name), ("http.request.method", "GET"), ("http.response.status_code", String(status))]
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

import Foundation

/// The `Date` header Hummingbird puts on every response (RFC 9110 IMF-fixdate), for responses
/// the fast path writes itself; formatted at most once a second.
enum HTTPDate {
    private static let cache = DateCache()

    /// Now, as a `Date` header value.
    static var now: String { cache.value(at: time(nil)) }

    /// `seconds` since the epoch as IMF-fixdate: `Mon, 07 Dec 2026 03:43:34 GMT`.
    static func format(_ seconds: time_t) -> String {
        var t = seconds
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    private final class DateCache: @unchecked Sendable {
        private let lock = NSLock()
        private var second: time_t = 0
        private var text = ""

        func value(at now: time_t) -> String {
            lock.lock()
            defer { lock.unlock() }
            if now != second {
                second = now
                text = HTTPDate.format(now)
            }
            return text
        }
    }
}

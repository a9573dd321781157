import Foundation

/// The boot endpoints' per-address rate limit: `burst` requests back to back, then `perSecond`.
/// `DISKLESSD_BOOT_RATE="BURST,PER_SECOND"` overrides the defaults; the benchmarks set it high
/// because all their simulated clients share 127.0.0.1, while a real boot storm comes from one
/// address per machine. A malformed value is refused at start-up, never silently replaced.
public struct BootRateLimit: Sendable, Equatable {
    /// The environment variable `disklessd serve` reads.
    public static let environmentKey = "DISKLESSD_BOOT_RATE"

    public let burst: Int
    public let perSecond: Double

    /// The defaults: 120 back to back, 20 per second (an iPXE client makes a handful).
    public init() {
        burst = 120
        perSecond = 20
    }

    /// Parses `"BURST,PER_SECOND"`: burst a whole number ≥ 1, per second a finite number ≥ 0.
    public init(parsing value: String) throws(BootRateLimitError) {
        let parts = value.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let burst = Int(parts[0]), burst >= 1,
              let rate = Double(parts[1]), rate.isFinite, rate >= 0 else {
            throw BootRateLimitError(value: value)
        }
        self.burst = burst
        perSecond = rate
    }

    /// The limit named by `DISKLESSD_BOOT_RATE` in `environment`, or the defaults when it is unset.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(BootRateLimitError) -> BootRateLimit {
        guard let value = environment[environmentKey] else { return BootRateLimit() }
        return try BootRateLimit(parsing: value)
    }

    /// A fresh limiter with these numbers.
    public func makeLimiter() -> RateLimiter { RateLimiter(burst: burst, perSecond: perSecond) }
}

/// `DISKLESSD_BOOT_RATE` held something other than `BURST,PER_SECOND`.
public struct BootRateLimitError: Error, Equatable, CustomStringConvertible {
    /// The value as given.
    public let value: String

    public init(value: String) { self.value = value }

    public var description: String {
        "invalid \(BootRateLimit.environmentKey) \"\(value)\": expected burst,perSecond "
            + "(burst a whole number >= 1, perSecond a number >= 0), e.g. 120,20"
    }
}

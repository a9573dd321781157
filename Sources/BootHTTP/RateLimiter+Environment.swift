import Foundation

extension RateLimiter {
    /// The limiter the server uses: the defaults, or `DISKLESSD_BOOT_RATE="BURST,PER_SECOND"`.
    /// The benchmarks set it high because all their simulated clients share 127.0.0.1, while a
    /// real boot storm comes from one address per machine. A malformed value keeps the defaults.
    public static func fromEnvironment(_ env: [String: String] = ProcessInfo.processInfo.environment) -> RateLimiter {
        guard let value = env["DISKLESSD_BOOT_RATE"] else { return RateLimiter() }
        let parts = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let burst = Int(parts[0]), burst > 0, let rate = Double(parts[1]), rate >= 0,
              rate.isFinite else { return RateLimiter() }
        return RateLimiter(burst: burst, perSecond: rate)
    }
}

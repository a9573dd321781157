import Testing
import BootHTTP

struct RateLimiterEnvironmentTests {
    @Test func burstAndRateComeFromTheEnvironment() async {
        let limiter = RateLimiter.fromEnvironment(["DISKLESSD_BOOT_RATE": "2,0"])
        #expect(await limiter.allow("10.0.0.1"))
        #expect(await limiter.allow("10.0.0.1"))
        #expect(await !limiter.allow("10.0.0.1"))
    }

    @Test(arguments: ["", "abc", "0,5", "3", "4,-1", "4,nan"])
    func aMalformedValueKeepsTheDefaultBurst(value: String) async {
        let limiter = RateLimiter.fromEnvironment(["DISKLESSD_BOOT_RATE": value])
        var allowed = 0
        for _ in 0..<130 where await limiter.allow("10.0.0.1") { allowed += 1 }
        #expect(allowed >= 120 && allowed < 130)  // 120 = default burst; refill adds at most a token or two
    }
}

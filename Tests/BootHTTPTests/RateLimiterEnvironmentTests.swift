import BootHTTP
import Testing

struct RateLimiterEnvironmentTests {
    @Test func burstAndRateComeFromTheEnvironment() async throws {
        let limit = try BootRateLimit.fromEnvironment(["DISKLESSD_BOOT_RATE": " 2 , 0 "])
        #expect(limit == (try BootRateLimit(parsing: "2,0")))
        let limiter = limit.makeLimiter()
        #expect(await limiter.allow("10.0.0.1"))
        #expect(await limiter.allow("10.0.0.1"))
        #expect(await !limiter.allow("10.0.0.1"))
    }

    @Test func withoutTheVariableTheDefaultsApply() throws {
        let limit = try BootRateLimit.fromEnvironment([:])
        #expect(limit.burst == 120 && limit.perSecond == 20)
    }

    @Test(arguments: ["", "abc", "0,5", "3", "4,-1", "4,nan", "4,inf", "1,2,3", "1.5,2", ",5", "5,"])
    func aMalformedValueIsRefusedNamingIt(value: String) {
        #expect(throws: BootRateLimitError(value: value)) {
            try BootRateLimit.fromEnvironment(["DISKLESSD_BOOT_RATE": value])
        }
        let message = BootRateLimitError(value: value).description
        #expect(message.contains("DISKLESSD_BOOT_RATE \"\(value)\""))
    }
}

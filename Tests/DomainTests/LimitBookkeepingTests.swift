import Domain
import Foundation
import Testing

@Suite struct LimitBookkeepingTests {
    @Test func refusalsAreLoggedOncePerSourcePerMinute() {
        var log = RefusalLog(interval: 60, capacity: 4)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        func shouldLog(_ source: String, now: Date) -> Bool { log.shouldLog(source, now: now) }
        #expect(shouldLog("10.0.0.1", now: t0))
        #expect(!shouldLog("10.0.0.1", now: t0.addingTimeInterval(59)))
        #expect(shouldLog("10.0.0.2", now: t0.addingTimeInterval(1)), "another source is logged on its own")
        #expect(shouldLog("10.0.0.1", now: t0.addingTimeInterval(60)))
    }

    @Test func refusalLogStaysBoundedAndForgetsOneSourceAtATime() {
        var log = RefusalLog(interval: 60, capacity: 4)
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        func shouldLog(_ source: String, now: Date) -> Bool { log.shouldLog(source, now: now) }
        for i in 0..<4 { #expect(shouldLog("s\(i)", now: t0.addingTimeInterval(Double(i)))) }
        #expect(shouldLog("s4", now: t0.addingTimeInterval(5)))
        #expect(log.count == 4)
        // Only the oldest (s0) was forgotten: s1 is still muted.
        #expect(!shouldLog("s1", now: t0.addingTimeInterval(6)))
        for i in 0..<10_000 { _ = log.shouldLog("flood\(i)", now: t0.addingTimeInterval(7)) }
        #expect(log.count == 4)
    }

    @Test func connectionCountsCapTotalAndPerClient() {
        var counts = ConnectionCounts(maxTotal: 5, maxPerClient: 2)
        func open(_ client: String, exempt: Bool = false) -> ConnectionCounts.Verdict { counts.open(client, exempt: exempt) }
        #expect(open("a") == .accepted)
        #expect(open("a") == .accepted)
        #expect(open("a") == .overClient)
        #expect(open("b") == .accepted)
        #expect(open("proxy", exempt: true) == .accepted)
        #expect(open("proxy", exempt: true) == .accepted)
        #expect(open("c") == .overTotal)
        counts.close("a")
        #expect(counts.held(by: "a") == 1)
        #expect(open("c") == .accepted)
        counts.close("nobody")
        #expect(counts.total == 5)
    }

    @Test func forwardedForIsBelievedOnlyFromTrustedProxies() {
        let proxy = IPv4Address(10, 0, 0, 1), inner = IPv4Address(10, 0, 0, 2)
        // Not from a proxy: the header is the client's own word and is ignored.
        #expect(ForwardedClient.resolve(peer: "192.168.1.50", forwardedFor: "1.2.3.4", trusted: [proxy]) == "192.168.1.50")
        #expect(ForwardedClient.resolve(peer: "10.0.0.1", forwardedFor: "1.2.3.4", trusted: []) == "10.0.0.1")
        // From the proxy: the rightmost address the proxy saw.
        #expect(ForwardedClient.resolve(peer: "10.0.0.1", forwardedFor: "6.6.6.6, 192.168.1.50", trusted: [proxy]) == "192.168.1.50")
        #expect(ForwardedClient.resolve(peer: "::ffff:10.0.0.1", forwardedFor: "192.168.1.50", trusted: [proxy]) == "192.168.1.50")
        // Through two trusted proxies; garbage stops the walk at the last good hop.
        #expect(ForwardedClient.resolve(peer: "10.0.0.1", forwardedFor: "192.168.1.50, 10.0.0.2", trusted: [proxy, inner])
            == "192.168.1.50")
        #expect(ForwardedClient.resolve(peer: "10.0.0.1", forwardedFor: "192.168.1.50, junk", trusted: [proxy]) == "10.0.0.1")
        #expect(ForwardedClient.resolve(peer: "10.0.0.1", forwardedFor: nil, trusted: [proxy]) == "10.0.0.1")
    }
}

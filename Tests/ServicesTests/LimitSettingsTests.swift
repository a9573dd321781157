import Domain
import Foundation
import Services
import Testing

@Suite struct LimitSettingsTests {
    @Test func thriftOnALANAddressNeedsAnAllowList() async throws {
        let s = try ServiceContainer.temporary()
        #expect(Settings().thrift.listenAddress == "127.0.0.1", "loopback by default")
        var d = Settings()
        d.thrift.listenAddress = "0.0.0.0"
        #expect(await invalidFields { _ = try await s.settings.update(d, by: admin) } == ["thrift.allowedClients"])
        d.thrift.allowedClients = [IPv4Address(192, 168, 1, 20)]
        _ = try await s.settings.update(d, by: admin)
        d.thrift.listenAddress = "127.0.0.2"
        d.thrift.allowedClients = []
        _ = try await s.settings.update(d, by: admin)
    }

    @Test func limitsOutOfRangeNameTheirField() async throws {
        let s = try ServiceContainer.temporary()
        var d = Settings()
        d.limits.httpMaxConnections = 0
        d.limits.tftpMaxTransfersPerClient = 100_000
        d.limits.eventsMaxCount = 5
        d.http.trustedProxies = [IPv4Address(0, 0, 0, 0)]
        let fields = await invalidFields { _ = try await s.settings.update(d, by: admin) }
        #expect(Set(fields) == ["limits.httpMaxConnections", "limits.httpMaxConnectionsPerClient", "limits.tftpMaxTransfersPerClient",
                                "limits.eventsMaxCount", "http.trustedProxies[0]"])
    }

    @Test func documentsWithoutTheNewFieldsStillDecode() throws {
        var json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Settings())) as! [String: Any]
        json.removeValue(forKey: "limits")
        var http = json["http"] as! [String: Any]
        http.removeValue(forKey: "trustedProxies")
        json["http"] = http
        let decoded = try JSONDecoder().decode(Settings.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.limits == LimitSettings())
        #expect(decoded.http.trustedProxies.isEmpty)
        let partial = try JSONDecoder().decode(LimitSettings.self, from: Data(#"{"tftpMaxTransfers": 3}"#.utf8))
        #expect(partial.tftpMaxTransfers == 3 && partial.httpMaxConnections == LimitSettings().httpMaxConnections)
    }

    @Test func newDiscoveriesAreRateLimitedPerSourceAndTheTableIsCapped() async throws {
        let clock = TestClock()
        let s = try ServiceContainer.temporary(now: { clock.now })
        var d = Settings()
        d.limits.discoveredMax = 30
        d.limits.discoveredPerSourcePerMinute = 20
        _ = try await s.settings.update(d, by: admin)
        // One source floods 100 spoofed MACs: 20 get in, the rest wait for the next minute.
        for i in 0..<100 { try await s.machines.recordBootPhase(mac: MACAddress(mac(i))!, phase: .dhcp) }
        #expect(try await s.discovery.list().count == 20)
        // Another source is not held back by the first one's flood.
        try await s.discovery.record(mac: MACAddress(mac(5000))!, ip: IPv4Address(192, 168, 1, 9), via: "script")
        #expect(try await s.discovery.list().contains { $0.mac == MACAddress(mac(5000))! })
        // A MAC already known is refreshed even while its source is limited.
        clock.advance(1)
        try await s.machines.recordBootPhase(mac: MACAddress(mac(0))!, phase: .dhcp)
        #expect(try await s.discovery.list().first?.mac == MACAddress(mac(0))!)
        // Next minute: more come in, and the table keeps only the 30 most recently seen.
        clock.advance(61)
        for i in 100..<120 { try await s.machines.recordBootPhase(mac: MACAddress(mac(i))!, phase: .dhcp) }
        let rows = try await s.discovery.list()
        #expect(rows.count == 30)
        #expect(rows.contains { $0.mac == MACAddress(mac(0))! }, "recently refreshed rows survive")
        #expect(!rows.contains { $0.mac == MACAddress(mac(1))! }, "the least recently seen went first")
    }

    @Test func eventsArePrunedByCount() async throws {
        let s = try ServiceContainer.temporary()
        var d = Settings()
        d.limits.eventsMaxCount = 1000
        _ = try await s.settings.update(d, by: admin)
        for i in 0..<1100 { try await s.events.record(Event(actor: "test", action: "test.flood", subject: "n/\(i)")) }
        let pruned = try await s.pruneHistory()
        #expect(pruned >= 100)
        let left = try await s.events.list(limit: 1)
        #expect(left.total == 1000)
        #expect(left.items.first?.subject == "n/1099", "the newest are kept")
    }
}

import Domain
import Foundation
import Testing

/// `GET /metrics`: who may scrape (settings.metrics), and a real exposition whose values move
/// when the server works. Other tests share the process's registry, so values are compared
/// before and after, never to fixed numbers.
@Suite struct MetricsTests {
    static let token = "scrape-token-0123456789"

    /// Sets settings.metrics as `admin`.
    func setMetrics(_ client: TestClient, _ metrics: [String: Any]) async throws -> TestResponse {
        var document = try await client.get("/api/v1/settings").json
        document["metrics"] = metrics
        return try await client.put("/api/v1/settings", document)
    }

    /// Lets the test client (127.0.0.1, no PC) trigger boot events.
    func trustAnyBootClient(_ client: TestClient) async throws -> TestResponse {
        var document = try await client.get("/api/v1/settings").json
        var http = document["http"] as? [String: Any] ?? [:]
        http["trustAnyBootClient"] = true
        document["http"] = http
        return try await client.put("/api/v1/settings", document)
    }

    func scrape(_ client: TestClient, token: String? = MetricsTests.token) async throws -> (TestResponse, PrometheusText) {
        let headers = token.map { ["Authorization": "Bearer \($0)"] } ?? [:]
        let response = try await client.get("/metrics", headers: headers, authenticate: false)
        return (response, try PrometheusText(response.status == 200 ? response.text : ""))
    }

    @Test func scrapingIsOffUntilASettingAllowsIt() async throws {
        try await withServer { server in
            let admin = try await server.client(login: "admin")
            let off = try await admin.get("/metrics", authenticate: false)
            #expect(off.status == 403)
            #expect(off.isProblem)

            #expect(try await setMetrics(admin, ["access": "token", "token": Self.token, "allowedAddresses": []]).status == 200)
            #expect(try await scrape(admin, token: nil).0.status == 401)
            #expect(try await scrape(admin, token: "scrape-token-wrong-000000").0.status == 401)
            let (ok, text) = try await scrape(admin)
            #expect(ok.status == 200)
            #expect(ok.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
            #expect(!text.samples.isEmpty)

            // A viewer reads the settings without the token; an empty token in a PUT keeps it.
            try await server.addUser("viewer1", role: .viewer)
            let viewer = try await server.client(login: "viewer1", password: "viewer1-password")
            #expect((try await viewer.get("/api/v1/settings").json["metrics"] as? [String: Any])?["token"] as? String == "")
            #expect(try await setMetrics(admin, ["access": "token", "token": "", "allowedAddresses": []]).status == 200)
            #expect(try await scrape(admin).0.status == 200)

            #expect(try await setMetrics(admin, ["access": "addresses", "allowedAddresses": ["10.9.9.9"]]).status == 200)
            #expect(try await scrape(admin, token: nil).0.status == 403)
            #expect(try await setMetrics(admin, ["access": "addresses", "allowedAddresses": ["127.0.0.1"]]).status == 200)
            #expect(try await scrape(admin, token: nil).0.status == 200)
        }
    }

    @Test func badScrapeSettingsAreRefusedByField() async throws {
        try await withServer { server in
            let admin = try await server.client(login: "admin")
            let short = try await setMetrics(admin, ["access": "token", "token": "short", "allowedAddresses": []])
            #expect(short.status == 422)
            #expect(short.problemFields.contains("metrics.token"))
            let none = try await setMetrics(admin, ["access": "addresses", "token": "", "allowedAddresses": []])
            #expect(none.status == 422)
            #expect(none.problemFields.contains("metrics.allowedAddresses"))
            let bad = try await setMetrics(admin, ["access": "sometimes", "token": "", "allowedAddresses": []])
            #expect(bad.status == 400 || bad.status == 422)
        }
    }

    @Test func aBootMovesTheBootHTTPAndDatabaseSeries() async throws {
        try await withServer { server in
            let admin = try await server.client(login: "admin")
            #expect(try await setMetrics(admin, ["access": "token", "token": Self.token, "allowedAddresses": []]).status == 200)
            #expect(try await trustAnyBootClient(admin).status == 200)
            let machine = try await admin.post("/api/v1/machines", ["name": "pc-metrics", "mac": "52:54:00:00:0a:01"])
            #expect(machine.status == 201)

            let (_, before) = try await scrape(admin)
            let script = try await admin.get("/boot/52-54-00-00-0a-01.ipxe", authenticate: false)
            #expect(script.status == 200)
            let unknown = try await admin.get("/boot/52-54-00-00-0a-02.ipxe", authenticate: false)
            #expect(unknown.status == 200)
            let (_, after) = try await scrape(admin)

            let known = ["phase": "script", "outcome": "known"]
            #expect(after.value("disklessd_boot_events_total", known) >= before.value("disklessd_boot_events_total", known) + 1)
            let stranger = ["phase": "script", "outcome": "unknown"]
            #expect(after.value("disklessd_boot_events_total", stranger) >= before.value("disklessd_boot_events_total", stranger) + 1)
            #expect(after.value("disklessd_boot_script_seconds_count") >= before.value("disklessd_boot_script_seconds_count") + 2)
            #expect(after.types["disklessd_boot_script_seconds"] == "histogram")
            let write = ["operation": "write"]
            #expect(after.value("disklessd_db_seconds_count", write) > before.value("disklessd_db_seconds_count", write))
            // Hummingbird's middleware: the route pattern and the status, not the raw path.
            let route = ["http_route": "/boot/{file}", "http_response_status_code": "200"]
            #expect(after.value("hb_requests", route) >= before.value("hb_requests", route) + 2)
        }
    }
}

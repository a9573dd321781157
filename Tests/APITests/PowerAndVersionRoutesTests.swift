import Foundation
import Testing

/// `GET /api/v1/version`, `GET /api/v1/power/drivers` and the power route's refusals on the real
/// app. The smyoo driver against a Smyoo fake is in PowerTests and the `thrift` tier.
@Suite struct PowerAndVersionRoutesTests {
    @Test func theVersionNeedsNoCredentials() async throws {
        try await withServer { server in
            let client = try await server.client()
            let version = try await client.get("/api/v1/version", authenticate: false)
            #expect(version.status == 200)
            #expect(version.json["name"] as? String == "disklessd" && version.json["api"] as? String == "v1")
            #expect(version.json["version"] as? String == (try await client.get("/healthz")).json["version"] as? String)
        }
    }

    @Test func wolCannotSwitchOffAndTheRefusalNamesTheDriversThatCan() async throws {
        try await withServer { server in
            let client = try await server.client()
            #expect(try await client.login("admin", TestServer.adminPassword).status == 200)
            let drivers = try await client.get("/api/v1/power/drivers")
            let list = (try JSONSerialization.jsonObject(with: drivers.body) as? [[String: Any]]) ?? []
            let off = list.filter { $0["canSwitchOff"] as? Bool == true }.compactMap { $0["driver"] as? String }
            #expect(off == ["agent", "ipmi", "webhook", "smyoo"])

            let wol = try await client.post("/api/v1/machines", ["name": "host_01", "mac": "52:54:00:00:00:01"])
            #expect(wol.status == 201 && wol.json["name"] as? String == "host_01")
            let id = try #require(wol.json["id"] as? Int)
            #expect((wol.json["power"] as? [String: Any])?["actions"] as? [String] == ["on"])
            let refused = try await client.post("/api/v1/machines/\(id)/power", ["action": "off"])
            let detail = refused.json["detail"] as? String ?? ""
            #expect(refused.status == 409 && detail.contains("agent, ipmi, webhook, smyoo"), "\(detail)")

            // A smyoo machine without an account in the settings: the cloud cannot be asked (502).
            let card = try await client.post("/api/v1/machines", ["name": "pc02", "mac": "52:54:00:00:00:02",
                                                                  "power": ["driver": "smyoo", "mcuid": "MCU-2"]])
            let cardID = try #require(card.json["id"] as? Int)
            let noAccount = try await client.post("/api/v1/machines/\(cardID)/power", ["action": "on"])
            #expect(noAccount.status == 502 && (noAccount.json["detail"] as? String ?? "").contains("no smyoo account"))
            let badID = try await client.post("/api/v1/machines", ["name": "pc03", "mac": "52:54:00:00:00:03",
                                                                   "power": ["driver": "smyoo", "mcuid": "a b"]])
            #expect(badID.status == 422 && badID.problemFields == ["power.mcuid"])
        }
    }
}

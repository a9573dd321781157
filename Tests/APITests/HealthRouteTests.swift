import Foundation
import Testing

/// Dashboard health on the real app: alerts, each machine's disk state in the list, and the
/// settings' first-run flag.
@Suite struct HealthRouteTests {
    func alerts(_ client: TestClient) async throws -> [[String: Any]] {
        let answer = try await client.get("/api/v1/health/alerts")
        #expect(answer.status == 200, "\(answer.text)")
        return answer.json["alerts"] as? [[String: Any]] ?? []
    }

    @Test func anImageWithoutVersionCountsTheMachinesItKeepsFromBooting() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let image = try await client.post("/api/v1/images", ["name": "win10", "kind": "os", "sizeMiB": 64])
            let imageID = try #require(image.json["id"] as? Int, "\(image.text)")
            let item = try await client.post("/api/v1/boot-items", ["name": "win10", "label": "Windows", "kind": "iscsi", "osImage": imageID])
            let itemID = try #require(item.json["id"] as? Int, "\(item.text)")
            var ids: [Int] = []
            for i in 1...3 {
                let m = try await client.post("/api/v1/machines", ["name": "pc-\(i)", "mac": "52:54:00:00:00:0\(i)", "bootItems": [itemID]])
                ids.append(try #require(m.json["id"] as? Int))
            }
            let plain = try await client.post("/api/v1/machines", ["name": "plain", "mac": "52:54:00:00:00:09"])
            let plainID = try #require(plain.json["id"] as? Int)

            let noVersion = try await alerts(client).filter { $0["code"] as? String == "image.noVersion" }
            #expect(noVersion.count == 1)
            #expect(noVersion.first?["count"] as? Int == 3 && noVersion.first?["subjectName"] as? String == "win10")
            #expect(noVersion.first?["subject"] as? String == "image/\(imageID)" && noVersion.first?["severity"] as? String == "error")
            #expect(Set(noVersion.first?["machines"] as? [Int] ?? []) == Set(ids))

            // The machines list says why each cannot boot.
            let items = try await client.get("/api/v1/machines?limit=100").json["items"] as? [[String: Any]] ?? []
            let disks = Dictionary(uniqueKeysWithValues: items.map { ($0["id"] as? Int ?? 0, $0["disk"] as? [String: Any] ?? [:]) })
            #expect(disks[plainID]?["state"] as? String == "none")
            for id in ids {
                #expect(disks[id]?["state"] as? String == "missing" && disks[id]?["reasonCode"] as? String == "image.noVersion", "\(disks[id] ?? [:])")
            }

            // Committed: the alert is gone and the machines' disks are no longer waiting for a version.
            #expect(try await client.post("/api/v1/images/\(imageID)/commit").status == 200)
            #expect(try await alerts(client).allSatisfy { $0["code"] as? String != "image.noVersion" })
            let after = try await client.get("/api/v1/machines/\(ids[0])").json["disk"] as? [String: Any] ?? [:]
            #expect(after["reasonCode"] as? String != "image.noVersion" && after["state"] != nil, "\(after)")
        }
    }

    @Test func dhcpOffIsAWarningAndSettingsKnowTheFirstRun() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let first = try await client.get("/api/v1/settings")
            #expect(first.json["firstRun"] as? Bool == true, "\(first.text)")
            // A fresh install has DHCP off: a warning until a mode is chosen.
            let off = try await alerts(client).filter { $0["code"] as? String == "dhcp.off" }
            #expect(off.count == 1 && off.first?["severity"] as? String == "warning")

            var document = first.json
            var dhcp = try #require(document["dhcp"] as? [String: Any])
            dhcp["mode"] = "dnsmasq"
            document["dhcp"] = dhcp
            let saved = try await client.put("/api/v1/settings", document, headers: ["If-Match": first.header("ETag") ?? ""])
            #expect(saved.status == 200, "\(saved.text)")
            #expect(saved.json["firstRun"] as? Bool == false)
            #expect(try await client.get("/api/v1/settings").json["firstRun"] as? Bool == false)
            #expect(try await alerts(client).allSatisfy { $0["code"] as? String != "dhcp.off" })
        }
    }
}

import Foundation
import Testing

/// `POST /api/v1/machines/{id}/default-boot-item` over the real app: the server's menu rule
/// (the console calls it instead of re-doing it), with If-Match.
@Suite struct DefaultBootItemRouteTests {
    @Test func theItemIsAppendedToTheMenuAndAStaleRevisionIs412() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let local = try await client.post("/api/v1/boot-items", ["name": "local", "kind": "local"])
            let chain = try await client.post("/api/v1/boot-items", ["name": "menu", "kind": "chain", "url": "http://10.0.0.2/x.ipxe"])
            let localID = try #require(local.json["id"] as? Int), chainID = try #require(chain.json["id"] as? Int, "\(chain.text)")
            let created = try await client.post("/api/v1/machines", ["name": "pc-1", "mac": "52:54:00:00:00:01", "bootItems": [localID]])
            let id = try #require(created.json["id"] as? Int)

            let set = try await client.post("/api/v1/machines/\(id)/default-boot-item", ["bootItem": chainID], headers: ["If-Match": "\"1\""])
            #expect(set.status == 200, "\(set.text)")
            #expect(set.json["bootItems"] as? [Int] == [localID, chainID])
            #expect(set.json["defaultBootItem"] as? Int == chainID)
            #expect(set.header("ETag") == "\"2\"")

            let stale = try await client.post("/api/v1/machines/\(id)/default-boot-item", ["bootItem": localID], headers: ["If-Match": "\"1\""])
            #expect(stale.status == 412 && stale.isProblem)
            let missing = try await client.post("/api/v1/machines/\(id)/default-boot-item", ["bootItem": 999])
            #expect(missing.status == 422 && missing.isProblem, "\(missing.text)")
            #expect(try await client.get("/api/v1/machines/\(id)").json["defaultBootItem"] as? Int == chainID)
        }
    }
}

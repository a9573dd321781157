import Domain
import Foundation
import Testing

/// Every problem document carries a stable `code`, listed by `GET /api/v1/errors`; events carry
/// a code, the subject's name and a short summary.
@Suite struct ErrorCodeTests {
    @Test func everyProblemCarriesAListedCode() async throws {
        try await withServer { server in
            let client = try await server.client()
            let listed = try await client.get("/api/v1/errors", authenticate: false)
            #expect(listed.status == 200)
            let codes = Set(((try JSONSerialization.jsonObject(with: listed.body)) as? [[String: Any]] ?? []).compactMap { $0["code"] as? String })
            #expect(codes.isSuperset(of: ["machine.notFound", "machine.nameTaken", "image.noVersion", "disk.noDisks",
                                          "power.unreachable", "auth.forbidden", "validation.field", "rateLimited", "internal",
                                          "bulk.invalid"]))

            var seen: [(String, TestResponse)] = []
            seen.append(("auth.required", try await client.get("/api/v1/machines")))
            seen.append(("route.notFound", try await client.get("/api/v1/nothing-here")))
            try await client.login("admin", TestServer.adminPassword)
            seen.append(("machine.notFound", try await client.get("/api/v1/machines/999")))
            seen.append(("image.notFound", try await client.get("/api/v1/images/999")))
            seen.append(("bootItem.notFound", try await client.get("/api/v1/boot-items/999")))
            seen.append(("request.malformed", try await client.raw("POST", "/api/v1/machines", body: "{nope", contentType: "application/json")))
            seen.append(("validation.field", try await client.post("/api/v1/machines", ["name": "bad name!", "mac": "x"])))
            let first = try await client.post("/api/v1/machines", ["name": "pc01", "mac": "52:54:00:00:00:01", "ip": "10.0.0.5"])
            let id = try #require(first.json["id"] as? Int)
            seen.append(("machine.nameTaken", try await client.post("/api/v1/machines", ["name": "pc01", "mac": "52:54:00:00:00:02"])))
            seen.append(("machine.macTaken", try await client.post("/api/v1/machines", ["name": "pc02", "mac": "52:54:00:00:00:01"])))
            seen.append(("machine.ipTaken", try await client.post("/api/v1/machines",
                                                                  ["name": "pc03", "mac": "52:54:00:00:00:03", "ip": "10.0.0.5"])))
            seen.append(("revision.stale", try await client.put("/api/v1/machines/\(id)", ["name": "pc01", "mac": "52:54:00:00:00:01"],
                                                                headers: ["If-Match": "\"7\""])))
            seen.append(("disk.noDisks", try await client.post("/api/v1/machines/\(id)/reset")))
            seen.append(("power.noDevice", try await client.post("/api/v1/machines/\(id)/power", ["action": "off"])))
            let image = try await client.post("/api/v1/images", ["name": "win10", "kind": "os", "sizeMiB": 64])
            let imageID = try #require(image.json["id"] as? Int, "\(image.text)")
            let item = try await client.post("/api/v1/boot-items", ["name": "win", "label": "Windows", "kind": "iscsi", "osImage": imageID])
            #expect(item.status == 201, "\(item.text)")
            seen.append(("image.inUse", try await client.delete("/api/v1/images/\(imageID)")))
            seen.append(("image.nameTaken", try await client.post("/api/v1/images", ["name": "win10", "kind": "os", "sizeMiB": 64])))
            seen.append(("machine.notFound", try await client.get("/api/v1/machines/x")))
            seen.append(("image.versionNotFound", try await client.delete("/api/v1/images/\(imageID)/versions/x")))
            try await server.addUser("viewer", role: .viewer)
            let viewer = try await server.client(login: "viewer", password: "viewer-password")
            seen.append(("auth.forbidden", try await viewer.post("/api/v1/machines", ["name": "pc09", "mac": "52:54:00:00:00:09"])))

            for (code, response) in seen {
                #expect(response.isProblem, "\(code): \(response.status) \(response.text)")
                #expect(response.json["code"] as? String == code, "expected \(code): \(response.status) \(response.text)")
                #expect(codes.contains(code), "\(code) is not listed by GET /api/v1/errors")
            }
        }
    }

    @Test func eventsNameTheirSubjectAndFilterByFamilyAndMachine() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let a = try await client.post("/api/v1/machines", ["name": "pc40", "mac": "52:54:00:00:00:40"])
            let b = try await client.post("/api/v1/machines", ["name": "pc41", "mac": "52:54:00:00:00:41"])
            let idA = try #require(a.json["id"] as? Int), idB = try #require(b.json["id"] as? Int)
            #expect(try await client.delete("/api/v1/machines/\(idB)").status == 204)

            let family = try await client.get("/api/v1/events?action=machine&outcome=success")
            let items = family.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 3, "\(family.text)")
            #expect(items.allSatisfy { ($0["action"] as? String ?? "").hasPrefix("machine.") && $0["code"] as? String == $0["action"] as? String })
            #expect(items.contains { $0["subject"] as? String == "machine/\(idA)" && $0["subjectName"] as? String == "pc40" })
            // Deleted: the name its delete event recorded.
            #expect(items.contains { $0["subject"] as? String == "machine/\(idB)" && $0["subjectName"] as? String == "pc41" })
            #expect(items.allSatisfy { $0["summary"] is String })

            let one = try await client.get("/api/v1/events?machine=\(idA)&outcome=success")
            let history = one.json["items"] as? [[String: Any]] ?? []
            #expect(history.count == 1 && history.first?["action"] as? String == "machine.create", "\(one.text)")
            #expect(try await client.get("/api/v1/events?action=mach").json["total"] as? Int == 0)
            let bad = try await client.get("/api/v1/events?machine=x")
            #expect(bad.status == 422 && bad.problemFields == ["machine"])
        }
    }
}

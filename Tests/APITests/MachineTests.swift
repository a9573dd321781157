import Foundation
import Testing

/// Machines over HTTP: ETag/If-Match, CSV import, pagination and filters.
@Suite struct MachineTests {
    @Test func staleIfMatchIs412AndCurrentOneSucceeds() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let created = try await client.post("/api/v1/machines", ["name": "pc-1", "mac": "52-54-00-00-00-01"])
            #expect(created.status == 201)
            #expect(created.json["mac"] as? String == "52:54:00:00:00:01")
            #expect(created.json["chap"] as? Bool == false)
            let id = try #require(created.json["id"] as? Int)
            let etag = try #require(created.header("ETag"))
            #expect(etag == "\"1\"")

            let fetched = try await client.get("/api/v1/machines/\(id)")
            #expect(fetched.header("ETag") == etag)

            let first = try await client.put("/api/v1/machines/\(id)", ["name": "pc-1", "mac": "52:54:00:00:00:01", "group": "a"],
                                             headers: ["If-Match": etag])
            #expect(first.status == 200)
            #expect(first.header("ETag") == "\"2\"")
            let stale = try await client.put("/api/v1/machines/\(id)", ["name": "pc-1", "mac": "52:54:00:00:00:01", "group": "b"],
                                             headers: ["If-Match": etag])
            #expect(stale.status == 412)
            #expect(stale.isProblem)
            let garbage = try await client.put("/api/v1/machines/\(id)", ["name": "pc-1", "mac": "52:54:00:00:00:01"],
                                               headers: ["If-Match": "yesterday"])
            #expect(garbage.status == 412)
            #expect(try await client.get("/api/v1/machines/\(id)").json["group"] as? String == "a")
        }
    }

    @Test func csvImportOf200LinesThenPaginationAndFilters() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            var csv = "host_name,ip,mac,default_menu,super_tube\n"
            for i in 1...200 {
                csv += String(format: "pc-%03d,10.1.%d.%d,02:00:00:00:%02x:%02x,,%d\n", i, i / 250, i % 250 + 1, i / 256, i % 256, i == 7 ? 1 : 0)
            }
            let imported = try await client.raw("POST", "/api/v1/machines/import", body: csv, contentType: "text/csv")
            #expect(imported.status == 200, "\(imported.text.prefix(300))")
            #expect(imported.json["imported"] as? Int == 200)

            let page = try await client.get("/api/v1/machines?limit=25&offset=50&sort=name")
            #expect(page.json["total"] as? Int == 200)
            #expect(page.json["limit"] as? Int == 25)
            #expect(page.json["offset"] as? Int == 50)
            let names = (page.json["items"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(names.count == 25)
            #expect(names.first == "pc-051")

            let descending = try await client.get("/api/v1/machines?limit=1&sort=-name")
            #expect((descending.json["items"] as? [[String: Any]])?.first?["name"] as? String == "pc-200")

            let search = try await client.get("/api/v1/machines?q=pc-19")
            #expect(search.json["total"] as? Int == 10)  // pc-190 … pc-199

            // All or nothing: one bad line stores nothing and names the line and column.
            let bad = "host_name,ip,mac,default_menu,super_tube\npc-900,10.9.0.1,02:00:00:09:00:01,,0\npc-901,10.9.0.2,zz,,0\n"
            let rejected = try await client.raw("POST", "/api/v1/machines/import", body: bad, contentType: "text/csv")
            #expect(rejected.status == 422)
            #expect(rejected.problemFields.contains { $0.hasPrefix("lines[") && $0.hasSuffix("].mac") }, "\(rejected.text)")
            #expect(try await client.get("/api/v1/machines?q=pc-90").json["total"] as? Int == 0)

            let wrongType = try await client.raw("POST", "/api/v1/machines/import", body: csv, contentType: "application/xml")
            #expect(wrongType.status == 415)
            let huge = String(repeating: "pc-999,,02:00:00:09:09:09,,0\n", count: 300_000)  // > 8 MiB
            let tooLarge = try await client.raw("POST", "/api/v1/machines/import", body: huge, contentType: "text/csv")
            #expect(tooLarge.status == 413)
            #expect(tooLarge.isProblem)
        }
    }

    @Test func createsSettingsImageBootItemAndMachinesAndListsThemBack() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let settings = try await client.get("/api/v1/settings")
            var document = settings.json
            var iscsi = try #require(document["iscsi"] as? [String: Any])
            iscsi["serverAddress"] = "10.0.0.2"
            document["iscsi"] = iscsi
            let saved = try await client.put("/api/v1/settings", document, headers: ["If-Match": settings.header("ETag") ?? ""])
            #expect(saved.status == 200, "\(saved.text)")

            let image = try await client.post("/api/v1/images", ["name": "win10", "kind": "os", "sizeMiB": 64, "description": "golden"])
            #expect(image.status == 201, "\(image.text)")
            #expect(image.json["sizeGiB"] as? Double == 0.0625)
            let imageID = try #require(image.json["id"] as? Int)
            let item = try await client.post("/api/v1/boot-items", ["name": "win10", "label": "Windows 10", "kind": "iscsi", "osImage": imageID])
            #expect(item.status == 201, "\(item.text)")
            let itemID = try #require(item.json["id"] as? Int)
            for i in 1...3 {
                let m = try await client.post("/api/v1/machines", ["name": "pc-\(i)", "mac": "52:54:00:00:00:0\(i)", "bootItems": [itemID]])
                #expect(m.status == 201, "\(m.text)")
            }
            #expect(try await client.get("/api/v1/machines").json["total"] as? Int == 3)
            #expect(try await client.get("/api/v1/boot-items").json["total"] as? Int == 1)
            let images = try await client.get("/api/v1/images")
            #expect(((images.json["items"] as? [[String: Any]])?.first?["usedBy"] as? [String])?.isEmpty == false)
            #expect(try await client.get("/api/v1/settings").json["iscsi"].flatMap { ($0 as? [String: Any])?["serverAddress"] as? String } == "10.0.0.2")
            // In use: deleting the boot item is a conflict naming the machines.
            let conflict = try await client.delete("/api/v1/boot-items/\(itemID)")
            #expect(conflict.status == 409)
            #expect(conflict.isProblem)

            let events = try await client.get("/api/v1/events?action=machine.create")
            #expect(events.json["total"] as? Int == 3)
            let stats = try await client.get("/api/v1/stats")
            #expect(stats.status == 200)
            #expect((stats.json["bootsPerHour"] as? [Any])?.count == 24)
        }
    }
}

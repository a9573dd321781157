import Foundation
import Testing

/// Bad input is a 4xx problem+json that names the field, never a 500 and never a stored value.
@Suite struct ValidationTests {
    @Test func badMACIsA422NamingTheField() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let response = try await client.post("/api/v1/machines", ["name": "pc-1", "mac": "52:54:00:zz:00:01"])
            #expect(response.status == 422)
            #expect(response.isProblem)
            #expect(response.problemFields == ["mac"])
            #expect(response.json["status"] as? Int == 422)
            #expect(try await client.get("/api/v1/machines").json["total"] as? Int == 0)
        }
    }

    @Test func newlineInANameIsA422NamingTheField() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let machine = try await client.post("/api/v1/machines", ["name": "pc-1\nchain http://evil", "mac": "52:54:00:00:00:01"])
            #expect(machine.status == 422)
            #expect(machine.problemFields.contains("name"))
            let image = try await client.post("/api/v1/images", ["name": "win\n10", "kind": "os", "sizeMiB": 64])
            #expect(image.status == 422)
            #expect(image.problemFields.contains("name"))
            let notes = try await client.post("/api/v1/machines", ["name": "pc-1", "mac": "52:54:00:00:00:01", "notes": "a\nb"])
            #expect(notes.status == 422)
            #expect(notes.problemFields.contains("notes"))
        }
    }

    @Test func badIQNInSettingsIsA422NamingTheField() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            var settings = try await client.get("/api/v1/settings").json
            var iscsi = try #require(settings["iscsi"] as? [String: Any])
            iscsi["targetPrefix"] = "iqn.2022-13.org.dbc\"; reboot"
            settings["iscsi"] = iscsi
            let response = try await client.put("/api/v1/settings", settings)
            #expect(response.status == 422)
            #expect(response.isProblem)
            #expect(response.problemFields.contains("iscsi.targetPrefix"), "\(response.text)")
        }
    }

    @Test func malformedJSONIs400AndWrongTypesAre422NamingTheField() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let broken = try await client.raw("POST", "/api/v1/machines", body: "{\"name\": ", contentType: "application/json")
            #expect(broken.status == 400)
            #expect(broken.isProblem)
            let wrongType = try await client.post("/api/v1/machines", ["name": 12, "mac": "52:54:00:00:00:01"])
            #expect(wrongType.status == 422)
            #expect(wrongType.problemFields == ["name"])
            let nested = try await client.post("/api/v1/machines",
                                               ["name": "pc-1", "mac": "52:54:00:00:00:01", "power": ["agentShutdownFirst": "yes"]])
            #expect(nested.status == 422)
            #expect(nested.problemFields == ["power.agentShutdownFirst"])
            let missing = try await client.post("/api/v1/machines", ["name": "pc-1"])
            #expect(missing.status == 422)
            #expect(missing.problemFields == ["mac"])
        }
    }

    @Test func unknownRoutesAndIdsAre404Problems() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            for path in ["/api/v1/nothing", "/api/v1/machines/999", "/api/v1/machines/abc", "/api/v1/images/0"] {
                let response = try await client.get(path)
                #expect(response.status == 404, "\(path)")
                #expect(response.isProblem, "\(path)")
            }
        }
    }

    @Test func badPaginationIsA422NamingTheParameter() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            for (query, field) in [("limit=0", "limit"), ("limit=501", "limit"), ("limit=x", "limit"), ("offset=-1", "offset"),
                                   ("sort=password", "sort"), ("status=melted", "status")] {
                let response = try await client.get("/api/v1/machines?\(query)")
                #expect(response.status == 422, "\(query)")
                #expect(response.problemFields == [field], "\(query)")
            }
        }
    }

    @Test func oversizedBodiesAre413() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let huge = "{\"name\": \"" + String(repeating: "a", count: 1_100_000) + "\"}"
            let response = try await client.raw("POST", "/api/v1/machines", body: huge, contentType: "application/json")
            #expect(response.status == 413)
            #expect(response.isProblem)
        }
    }
}

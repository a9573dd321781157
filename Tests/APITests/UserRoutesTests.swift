import Domain
import Foundation
import Services
import Testing

/// Users, own password, tokens per role and discovered machines over HTTP.
@Suite struct UserRoutesTests {
    @Test func adminsManageUsersButNeverLockThemselvesOut() async throws {
        try await withServer { server in
            let admin = try await server.client(login: "admin")
            let created = try await admin.post("/api/v1/users", ["username": "alice", "password": "alice-password", "role": "operator"])
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["passwordHash"] == nil)
            #expect(!created.text.contains("scrypt"))
            let alice = try #require(created.json["id"] as? Int)

            let list = try await admin.get("/api/v1/users")
            #expect(list.json["total"] as? Int == 2)
            #expect(!list.text.contains("scrypt"), "password hashes never leave the server")

            let promoted = try await admin.put("/api/v1/users/\(alice)", ["role": "viewer"])
            #expect(promoted.json["role"] as? String == "viewer")

            let me = try #require((list.json["items"] as? [[String: Any]])?.first { $0["username"] as? String == "admin" }?["id"] as? Int)
            let demoteSelf = try await admin.put("/api/v1/users/\(me)", ["role": "viewer"])
            #expect(demoteSelf.status == 409)
            #expect(demoteSelf.isProblem)
            #expect(try await admin.delete("/api/v1/users/\(me)").status == 409)

            let duplicate = try await admin.post("/api/v1/users", ["username": "alice", "password": "another-password", "role": "viewer"])
            #expect(duplicate.status == 409)
            let short = try await admin.post("/api/v1/users", ["username": "bob", "password": "short", "role": "viewer"])
            #expect(short.status == 422)
            #expect(short.problemFields == ["password"])

            #expect(try await admin.delete("/api/v1/users/\(alice)").status == 204)
            #expect(try await admin.get("/api/v1/users").json["total"] as? Int == 1)
        }
    }

    @Test func changingTheOwnPasswordChecksTheCurrentOne() async throws {
        try await withServer { server in
            let admin = try await server.client(login: "admin")
            let wrong = try await admin.post("/api/v1/session/password", ["currentPassword": "nope", "newPassword": "new-password-1"])
            #expect(wrong.status == 422)
            #expect(wrong.problemFields == ["currentPassword"])
            let ok = try await admin.post("/api/v1/session/password",
                                          ["currentPassword": TestServer.adminPassword, "newPassword": "new-password-1"])
            #expect(ok.status == 204, "\(ok.text)")
            #expect(try await admin.get("/api/v1/session").status == 200, "the session that changed the password stays valid")
            let fresh = try await server.client()
            #expect(try await fresh.login("admin", TestServer.adminPassword).status == 401)
            #expect(try await fresh.login("admin", "new-password-1").status == 200)
        }
    }

    @Test func viewersMayHoldReadOnlyTokens() async throws {
        try await withServer { server in
            try await server.addUser("watcher", role: .viewer)
            let viewer = try await server.client(login: "watcher", password: "watcher-password")
            let created = try await viewer.post("/api/v1/tokens", ["name": "dashboard"])
            #expect(created.status == 201)
            let script = try await server.client()
            script.bearer = try #require(created.json["token"] as? String)
            #expect(try await script.get("/api/v1/stats").status == 200)
            #expect(try await script.post("/api/v1/machines", ["name": "pc-1", "mac": "52:54:00:00:00:01"]).status == 403)
            let whoami = try await script.get("/api/v1/session")
            #expect(whoami.json["username"] as? String == "watcher")
            #expect(whoami.json["csrfToken"] as? String == "")
        }
    }

    @Test func discoveredMachinesCanBeRegistered() async throws {
        try await withServer { server in
            let admin = try await server.client(login: "admin")
            try await server.services.discovery.record(mac: try #require(MACAddress("52:54:00:ab:cd:ef")), ip: nil, via: "dhcp")
            let list = try await admin.get("/api/v1/discovered")
            #expect(list.json["total"] as? Int == 1)
            #expect((list.json["items"] as? [[String: Any]])?.first?["mac"] as? String == "52:54:00:ab:cd:ef")

            let registered = try await admin.request("POST", "/api/v1/discovered/52-54-00-AB-CD-EF/register")
            #expect(registered.status == 201, "\(registered.text)")
            #expect(registered.json["mac"] as? String == "52:54:00:ab:cd:ef")
            #expect(try await admin.get("/api/v1/discovered").json["total"] as? Int == 0)
            #expect(try await admin.get("/api/v1/machines").json["total"] as? Int == 1)
            #expect(try await admin.request("POST", "/api/v1/discovered/not-a-mac/register").status == 404)

            // The colon form arrives percent-encoded, as a browser's encodeURIComponent sends it.
            try await server.services.discovery.record(mac: try #require(MACAddress("52:54:00:ab:cd:01")), ip: nil, via: "dhcp")
            let encoded = try await admin.request("DELETE", "/api/v1/discovered/52%3A54%3A00%3Aab%3Acd%3A01")
            #expect(encoded.status == 204, "\(encoded.text)")
            #expect(try await admin.get("/api/v1/discovered").json["total"] as? Int == 0)
        }
    }
}

import Domain
import Foundation
import Services
import Testing

/// Authentication over the real socket: 401 without credentials, cookie + CSRF, bearer tokens,
/// roles, login rate limiting.
@Suite struct AuthTests {
    /// Every protected route of the contract (ids that may not exist: the 401 comes first).
    static let protectedRoutes: [(String, String)] = [
        ("GET", "/api/v1/session"), ("DELETE", "/api/v1/session"), ("POST", "/api/v1/session/password"),
        ("GET", "/api/v1/users"), ("POST", "/api/v1/users"), ("PUT", "/api/v1/users/1"), ("DELETE", "/api/v1/users/1"),
        ("GET", "/api/v1/tokens"), ("POST", "/api/v1/tokens"), ("DELETE", "/api/v1/tokens/1"),
        ("GET", "/api/v1/machines"), ("POST", "/api/v1/machines"), ("GET", "/api/v1/machines/1"),
        ("PUT", "/api/v1/machines/1"), ("DELETE", "/api/v1/machines/1"), ("POST", "/api/v1/machines/import"),
        ("GET", "/api/v1/discovered"), ("POST", "/api/v1/discovered/52:54:00:00:00:01/register"),
        ("DELETE", "/api/v1/discovered/525400000001"),
        ("GET", "/api/v1/images"), ("POST", "/api/v1/images"), ("GET", "/api/v1/images/1"), ("PUT", "/api/v1/images/1"),
        ("DELETE", "/api/v1/images/1"),
        ("GET", "/api/v1/jobs"), ("GET", "/api/v1/jobs/1"), ("DELETE", "/api/v1/jobs/1"),
        ("GET", "/api/v1/boot-items"), ("POST", "/api/v1/boot-items"), ("GET", "/api/v1/boot-items/1"),
        ("PUT", "/api/v1/boot-items/1"), ("DELETE", "/api/v1/boot-items/1"),
        ("GET", "/api/v1/settings"), ("PUT", "/api/v1/settings"),
        ("GET", "/api/v1/events"), ("GET", "/api/v1/events/stream"), ("GET", "/api/v1/stats"),
    ]

    @Test func everyProtectedRouteAnswers401WithoutCredentials() async throws {
        try await withServer { server in
            let client = try await server.client()
            for (method, path) in Self.protectedRoutes {
                let response = try await client.request(method, path, body: method == "GET" ? nil : Data("{}".utf8))
                #expect(response.status == 401, "\(method) \(path) answered \(response.status)")
                #expect(response.isProblem, "\(method) \(path) is not problem+json")
            }
            // A forged cookie and a forged token are no better.
            for header in [["Cookie": "disklessd_session=forged"], ["Authorization": "Bearer dlt_forged"],
                           ["Authorization": "Basic YWRtaW46YWRtaW4="]] {
                let response = try await client.get("/api/v1/machines", headers: header)
                #expect(response.status == 401, "\(header) answered \(response.status)")
            }
        }
    }

    @Test func publicRoutesNeedNoCredentials() async throws {
        try await withServer { server in
            let client = try await server.client()
            let health = try await client.get("/healthz")
            #expect(health.status == 200)
            #expect(health.json["status"] as? String == "ok")
            #expect(try await client.get("/").status == 200)
        }
    }

    @Test func loginSetsAStrictHttpOnlyCookieAndCookieWritesNeedTheCSRFHeader() async throws {
        try await withServer { server in
            let client = try await server.client()
            let login = try await client.login("admin", TestServer.adminPassword)
            #expect(login.status == 200)
            let cookie = try #require(login.header("Set-Cookie"))
            #expect(cookie.hasPrefix("disklessd_session="))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain HTTP without a proxy must not mark the cookie Secure")
            #expect(login.json["role"] as? String == "admin")
            let csrf = try #require(client.csrf)

            #expect(try await client.get("/api/v1/session").json["username"] as? String == "admin")

            let body = ["name": "pc-1", "mac": "52:54:00:00:00:01"]
            client.csrf = nil
            let withoutHeader = try await client.post("/api/v1/machines", body)
            #expect(withoutHeader.status == 403)
            #expect(withoutHeader.isProblem)
            let wrongHeader = try await client.post("/api/v1/machines", body, headers: ["X-CSRF-Token": "nope"])
            #expect(wrongHeader.status == 403)
            client.csrf = csrf
            let withHeader = try await client.post("/api/v1/machines", body)
            #expect(withHeader.status == 201, "\(withHeader.text)")

            // Logout ends the session for good.
            #expect(try await client.delete("/api/v1/session").status == 204)
            #expect(try await client.get("/api/v1/session").status == 401)
        }
    }

    @Test func cookieIsSecureBehindAnHTTPSProxy() async throws {
        try await withServer { server in
            let client = try await server.client()
            let response = try await client.post("/api/v1/session", ["username": "admin", "password": TestServer.adminPassword],
                                                 headers: ["X-Forwarded-Proto": "https"], authenticate: false)
            #expect(response.header("Set-Cookie")?.contains("Secure") == true)
        }
    }

    @Test func bearerTokensWorkWithoutCSRFAndAreShownOnce() async throws {
        try await withServer { server in
            let admin = try await server.client(login: "admin")
            let created = try await admin.post("/api/v1/tokens", ["name": "scripts"])
            #expect(created.status == 201)
            let secret = try #require(created.json["token"] as? String)

            let script = try await server.client()
            script.bearer = secret
            #expect(try await script.get("/api/v1/machines").status == 200)
            #expect(try await script.post("/api/v1/machines", ["name": "pc-2", "mac": "52:54:00:00:00:02"]).status == 201)

            let listed = try await admin.get("/api/v1/tokens")
            let items = listed.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["token"] == nil, "the secret must not be listed")
            #expect(!listed.text.contains(secret))

            let id = try #require(created.json["id"] as? Int)
            #expect(try await admin.delete("/api/v1/tokens/\(id)").status == 204)
            #expect(try await script.get("/api/v1/machines").status == 401)
        }
    }

    @Test func rolesLimitWhatCallersMayDo() async throws {
        try await withServer { server in
            try await server.addUser("watcher", role: .viewer)
            try await server.addUser("op", role: .operator_)
            let viewer = try await server.client(login: "watcher", password: "watcher-password")
            let op = try await server.client(login: "op", password: "op-password")

            #expect(try await viewer.get("/api/v1/machines").status == 200)
            let viewerWrite = try await viewer.post("/api/v1/machines", ["name": "pc-3", "mac": "52:54:00:00:00:03"])
            #expect(viewerWrite.status == 403)
            #expect(viewerWrite.isProblem)
            #expect(try await viewer.get("/api/v1/users").status == 403)

            #expect(try await op.post("/api/v1/machines", ["name": "pc-3", "mac": "52:54:00:00:00:03"]).status == 201)
            let settings = try await op.get("/api/v1/settings")
            #expect(settings.status == 200)
            #expect(try await op.put("/api/v1/settings", settings.json).status == 403)
            #expect(try await op.post("/api/v1/users", ["username": "x", "password": "long-enough", "role": "admin"]).status == 403)
        }
    }

    @Test func failedLoginsAreRateLimitedWithRetryAfter() async throws {
        try await withServer { server in
            let client = try await server.client()
            var statuses: [Int] = []
            for _ in 0..<8 {
                statuses.append(try await client.post("/api/v1/session", ["username": "admin", "password": "wrong"],
                                                      authenticate: false).status)
            }
            #expect(statuses.prefix(5).allSatisfy { $0 == 401 }, "\(statuses)")
            #expect(statuses.last == 429, "\(statuses)")
            let limited = try await client.post("/api/v1/session", ["username": "admin", "password": TestServer.adminPassword],
                                                 authenticate: false)
            #expect(limited.status == 429)
            #expect(Int(limited.header("Retry-After") ?? "") ?? 0 > 0)
            // Failures are in the audit log.
            let admin = try await server.services.events.list(action: "session.login", outcome: "failure")
            #expect(admin.total >= 5)
        }
    }
}

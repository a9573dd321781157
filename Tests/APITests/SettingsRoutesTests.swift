import Foundation
import Testing

/// `PUT /api/v1/settings`: the revision is the server's (ETag / If-Match); a body may leave it out
/// and a revision in the body is ignored, as openapi's `SettingsInput` says.
@Suite struct SettingsRoutesTests {
    @Test func aBodyWithoutRevisionIsAcceptedAndIfMatchDecides() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let current = try await client.get("/api/v1/settings")
            let etag = try #require(current.header("ETag"))
            var document = current.json
            document.removeValue(forKey: "revision")
            var http = try #require(document["http"] as? [String: Any])
            http["menuTimeoutSeconds"] = 7
            document["http"] = http

            let saved = try await client.put("/api/v1/settings", document, headers: ["If-Match": etag])
            #expect(saved.status == 200, "\(saved.text)")
            let revision = try #require(current.json["revision"] as? Int)
            #expect(saved.json["revision"] as? Int == revision + 1)
            #expect(saved.header("ETag") == "\"\(revision + 1)\"")
            #expect((saved.json["http"] as? [String: Any])?["menuTimeoutSeconds"] as? Int == 7)

            // The old ETag is stale now, whatever revision the body claims.
            document["revision"] = revision + 1
            let stale = try await client.put("/api/v1/settings", document, headers: ["If-Match": etag])
            #expect(stale.status == 412)
            #expect(stale.isProblem)

            // Without If-Match the last write wins; the body's revision is ignored.
            document["revision"] = 999
            let unconditional = try await client.put("/api/v1/settings", document)
            #expect(unconditional.status == 200, "\(unconditional.text)")
            #expect(unconditional.json["revision"] as? Int == revision + 2)
        }
    }
}

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

    /// `GET /api/v1/settings/boot-files` reports both platforms; a boot file that is not an image is
    /// a 422 naming the field and what was found (issue 19).
    @Test func bootFilesAreReportedAndAWrongFileIsRefused() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let report = try await client.get("/api/v1/settings/boot-files")
            #expect(report.status == 200, "\(report.text)")
            let files = try #require(report.json["files"] as? [[String: Any]])
            #expect(files.compactMap { $0["platform"] as? String } == ["bios", "uefi"])

            let root = (NSTemporaryDirectory() as NSString).appendingPathComponent("disklessd-windows-api-\(UUID().uuidString)")
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            try Data("#!ipxe\nchain http://x/\n".utf8).write(to: URL(fileURLWithPath: root + "/ipxe.efi"))
            var document = try await client.get("/api/v1/settings").json
            var tftp = try #require(document["tftp"] as? [String: Any])
            tftp["root"] = root
            document["tftp"] = tftp
            let refused = try await client.put("/api/v1/settings", document)
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.problemFields == ["tftp.uefiBootFile"])
            #expect(refused.text.contains("found an iPXE script (text), not a boot program, 23 bytes"))
        }
    }
}

import Foundation
import Testing

/// The image lifecycle the console shows (real app, real SQLite, the file storage driver in the
/// data directory): `maintenance` while a super workstation holds the working copy, version count,
/// uncommitted changes and when Commit is offered.
@Suite struct ImageLifecycleRouteTests {
    @Test func maintenanceAndCommitFollowTheWorkingCopy() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let image = try await client.post("/api/v1/images", ["name": "win10", "kind": "os", "sizeMiB": 64])
            let imageID = try #require(image.json["id"] as? Int, "\(image.text)")
            // No version yet: there is something to commit.
            #expect(image.json["versionCount"] as? Int == 0 && image.json["hasUncommittedChanges"] as? Bool == true)
            #expect(image.json["canCommit"] as? Bool == true && image.json["state"] as? String == "ready")
            let item = try await client.post("/api/v1/boot-items", ["name": "win10", "label": "Windows", "kind": "iscsi", "osImage": imageID])
            let itemID = try #require(item.json["id"] as? Int, "\(item.text)")
            let pc = try await client.post("/api/v1/machines", ["name": "pc01", "mac": "52:54:00:00:00:01", "bootItems": [itemID]])
            let pcID = try #require(pc.json["id"] as? Int)

            // The image has no version: a reset says so with image.noVersion.
            let reset = try await client.post("/api/v1/machines/\(pcID)/reset")
            #expect(reset.status == 409 && reset.json["code"] as? String == "image.noVersion", "\(reset.text)")

            let superPC = try await client.post("/api/v1/machines", ["name": "super", "mac": "52:54:00:00:00:02", "bootItems": [itemID],
                                                                     "superWorkstation": true])
            let superID = try #require(superPC.json["id"] as? Int, "\(superPC.text)")
            var shown = try await client.get("/api/v1/images/\(imageID)")
            #expect(shown.json["state"] as? String == "maintenance" && shown.json["maintenanceMachine"] as? Int == superID, "\(shown.text)")
            let listed = try await client.get("/api/v1/images").json["items"] as? [[String: Any]] ?? []
            #expect(listed.first?["state"] as? String == "maintenance")

            let committed = try await client.post("/api/v1/images/\(imageID)/commit", ["note": "first"])
            #expect(committed.status == 200, "\(committed.text)")
            #expect(committed.json["versionCount"] as? Int == 1 && committed.json["currentVersion"] as? Int == 1)
            // Still held: the super workstation keeps writing, so Commit stays offered.
            #expect(committed.json["state"] as? String == "maintenance" && committed.json["canCommit"] as? Bool == true)

            // Released: what it wrote since the commit is uncommitted.
            let off = try await client.post("/api/v1/machines/bulk", ["ids": [superID], "action": "superOff"])
            #expect(off.status == 200, "\(off.text)")
            shown = try await client.get("/api/v1/images/\(imageID)")
            #expect(shown.json["state"] as? String == "ready" && shown.json["maintenanceMachine"] == nil, "\(shown.text)")
            #expect(shown.json["hasUncommittedChanges"] as? Bool == true && shown.json["canCommit"] as? Bool == true)

            let second = try await client.post("/api/v1/images/\(imageID)/commit")
            #expect(second.status == 200 && second.json["versionCount"] as? Int == 2, "\(second.text)")
            #expect(second.json["hasUncommittedChanges"] as? Bool == false && second.json["canCommit"] as? Bool == false)

            // An upload writes the working copy: Commit is offered again.
            let upload = try await client.request("PUT", "/api/v1/images/\(imageID)/content", body: Data(repeating: 0xab, count: 4096),
                                                  contentType: "application/octet-stream")
            #expect(upload.status == 202 && upload.json["state"] as? String == "succeeded", "\(upload.text)")
            shown = try await client.get("/api/v1/images/\(imageID)")
            #expect(shown.json["hasUncommittedChanges"] as? Bool == true && shown.json["canCommit"] as? Bool == true, "\(shown.text)")
            let discarded = try await client.post("/api/v1/images/\(imageID)/discard")
            #expect(discarded.status == 200 && discarded.json["canCommit"] as? Bool == false, "\(discarded.text)")
        }
    }
}

import Domain
import Foundation
import Testing

/// Issue 15 items 7, 8 and 10 through the real server: an upload whose connection is cut
/// mid-body, an import of /etc/shadow, a second super workstation.
@Suite struct HardeningRoutesTests {
    /// A bearer token of the admin, for raw sockets.
    func token(_ client: TestClient) async throws -> String {
        let response = try await client.post("/api/v1/tokens", ["name": "raw"])
        return try #require(response.json["token"] as? String, "\(response.text)")
    }

    func image(_ client: TestClient, _ name: String) async throws -> Int64 {
        let response = try await client.post("/api/v1/images", ["name": name, "kind": "os", "sizeMiB": 16])
        try #require(response.status == 201, "\(response.text)")
        return try #require((response.json["id"] as? NSNumber)?.int64Value)
    }

    func firstBytes(_ path: String, _ n: Int) -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        return [UInt8]((try? handle.read(upToCount: n)) ?? Data())
    }

    /// The upload job of image `id` once it has finished (polled, bounded).
    func finishedUpload(_ client: TestClient, image id: Int64) async throws -> [String: Any] {
        for _ in 0..<500 {
            let list = try await client.get("/api/v1/jobs?limit=50")
            let jobs = list.json["items"] as? [[String: Any]] ?? []
            if let job = jobs.first(where: { $0["subject"] as? String == "image/\(id)" && $0["kind"] as? String == "image.upload" }),
               job["state"] as? String != "running" {
                return job
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the upload job of image \(id) did not finish")
        return [:]
    }

    @Test func anUploadCutOffMidBodyFailsAndLeavesNoPartialData() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let bearer = try await token(client)
            let chunk = String(repeating: "A", count: 1 << 16)

            // Chunked: one 64 KiB chunk, then the connection closes without the last chunk.
            let chunked = try await image(client, "chunked")
            let first = try RawSocket(port: server.port)
            try first.send("PUT /api/v1/images/\(chunked)/content HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(bearer)\r\n"
                           + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
                           + String(1 << 16, radix: 16) + "\r\n" + chunk + "\r\n")
            // Content-Length 1 MiB, 64 KiB sent, connection closed.
            let declared = try await image(client, "declared")
            let second = try RawSocket(port: server.port)
            try second.send("PUT /api/v1/images/\(declared)/content HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(bearer)\r\n"
                            + "Content-Type: application/octet-stream\r\nContent-Length: \(1 << 20)\r\n\r\n" + chunk)
            for (socket, id) in [(first, chunked), (second, declared)] {
                // Let the server write the bytes it got, then cut the connection.
                let work = "\(server.dataDir)/disks/\(DiskNames.working(image: id)).img"
                for _ in 0..<500 where firstBytes(work, 1) != [0x41] {
                    try await Task.sleep(for: .milliseconds(20))
                }
                shutdown(socket.fd, Int32(SHUT_RDWR))
                let job = try await finishedUpload(client, image: id)
                #expect(job["state"] as? String == "failed", "\(job)")
                #expect(firstBytes(work, 4) == [0, 0, 0, 0], "partial data left in the working copy")
                let stored = try await client.get("/api/v1/images/\(id)")
                #expect(stored.json["state"] as? String == "ready")
        }
        }
    }

    @Test func importOutsideTheRootsIsForbiddenNamingPathAndRoot() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let id = try await image(client, "shadow")
            let response = try await client.post("/api/v1/images/\(id)/import", ["path": "/etc/shadow"])
            #expect(response.status == 403)
            #expect(response.isProblem)
            let detail = response.json["detail"] as? String ?? ""
            #expect(detail.contains("/etc/shadow") && detail.contains("\(server.dataDir)/import"), "\(detail)")
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: "\(server.dataDir)/import", isDirectory: &isDirectory) && isDirectory.boolValue,
                    "the default import root is made at start")
        }
    }

    @Test func aSecondSuperWorkstationIs422NamingTheHolder() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let id = try await image(client, "golden")
            let item = try await client.post("/api/v1/boot-items", ["name": "golden", "label": "Golden", "kind": "iscsi", "osImage": id])
            let itemID = try #require((item.json["id"] as? NSNumber)?.int64Value, "\(item.text)")
            let first = try await client.post("/api/v1/machines", ["name": "pc1", "mac": "52:54:00:00:10:01", "bootItems": [itemID],
                                                                    "superWorkstation": true])
            #expect(first.status == 201, "\(first.text)")
            let second = try await client.post("/api/v1/machines", ["name": "pc2", "mac": "52:54:00:00:10:02", "bootItems": [itemID],
                                                                     "superWorkstation": true])
            #expect(second.status == 422)
            #expect(second.problemFields == ["superWorkstation"])
            #expect(second.text.contains("pc1"), "\(second.text)")
        }
    }
}

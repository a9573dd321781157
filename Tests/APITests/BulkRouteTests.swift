import Domain
import Foundation
import Testing

/// `POST /api/v1/machines/bulk` on the real app and a real SQLite file: record changes all or
/// nothing, power and resets machine by machine, the report naming each machine.
@Suite struct BulkRouteTests {
    /// `count` machines pc-01… with their ids.
    func machines(_ client: TestClient, _ count: Int, group: String = "hall") async throws -> [Int] {
        var ids: [Int] = []
        for i in 1...count {
            let mac = String(format: "52:54:00:00:01:%02x", i)
            let created = try await client.post("/api/v1/machines", ["name": String(format: "pc-%02d", i), "mac": mac, "group": group])
            ids.append(try #require(created.json["id"] as? Int, "\(created.text)"))
        }
        return ids
    }

    func results(_ response: TestResponse) -> [[String: Any]] { response.json["results"] as? [[String: Any]] ?? [] }

    @Test func twentyMachinesChangeInOneRequest() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let ids = try await machines(client, 20)
            let item = try await client.post("/api/v1/boot-items", ["name": "local", "kind": "local"])
            let itemID = try #require(item.json["id"] as? Int)

            let group = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "setGroup", "value": "vip"])
            #expect(group.status == 200 && group.json["ok"] as? Bool == true, "\(group.text)")
            #expect(results(group).count == 20 && results(group).allSatisfy { $0["ok"] as? Bool == true })
            #expect(results(group).first?["name"] as? String == "pc-01")
            let mode = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "setDiskMode", "value": "persistent"])
            #expect(mode.status == 200, "\(mode.text)")
            let boot = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "setBootItem", "value": itemID])
            #expect(boot.status == 200, "\(boot.text)")

            let listed = try await client.get("/api/v1/machines?limit=100")
            let items = listed.json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 20)
            #expect(items.allSatisfy { $0["group"] as? String == "vip" && $0["diskMode"] as? String == "persistent"
                && $0["defaultBootItem"] as? Int == itemID })
            // Each machine's own history shows the change.
            let history = try await client.get("/api/v1/events?machine=\(ids[3])&action=machine.update")
            #expect((history.json["items"] as? [[String: Any]] ?? []).count == 3, "\(history.text)")
        }
    }

    @Test func aDeletedMachineRefusesTheWholeActionAndIsNamed() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let ids = try await machines(client, 5)
            #expect(try await client.delete("/api/v1/machines/\(ids[2])").status == 204)

            for (action, value) in [("setGroup", "vip" as Any), ("delete", NSNull() as Any), ("powerOn", NSNull() as Any)] {
                let refused = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": action, "value": value])
                #expect(refused.status == 422 && refused.isProblem, "\(action): \(refused.text)")
                #expect(refused.json["code"] as? String == "bulk.invalid")
                let failures = results(refused)
                #expect(failures.count == 1)
                #expect(failures.first?["id"] as? Int == ids[2] && failures.first?["ok"] as? Bool == false)
                #expect(failures.first?["code"] as? String == "machine.notFound")
                #expect((failures.first?["message"] as? String ?? "").contains("\(ids[2])"))
            }
            // Nothing changed: the four machines are still there, in their old group.
            let items = try await client.get("/api/v1/machines").json["items"] as? [[String: Any]] ?? []
            #expect(items.count == 4 && items.allSatisfy { $0["group"] as? String == "hall" })
        }
    }

    @Test func aChangeInvalidForOneMachineChangesNone() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let ids = try await machines(client, 3)
            let missingItem = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "setBootItem", "value": 999])
            #expect(missingItem.status == 422 && missingItem.json["code"] as? String == "bulk.invalid", "\(missingItem.text)")
            #expect(results(missingItem).count == 3)
            #expect(results(missingItem).allSatisfy { $0["code"] as? String == "validation.field" && $0["name"] is String })
            let tooLong = String(repeating: "g", count: 65)
            let badGroup = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "setGroup", "value": tooLong])
            #expect(badGroup.status == 422 && results(badGroup).count == 3)
            let items = try await client.get("/api/v1/machines").json["items"] as? [[String: Any]] ?? []
            #expect(items.allSatisfy { $0["group"] as? String == "hall" && $0["defaultBootItem"] == nil })
        }
    }

    @Test func deleteRemovesEveryMachine() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let ids = try await machines(client, 4)
            let deleted = try await client.post("/api/v1/machines/bulk", ["ids": Array(ids.prefix(3)), "action": "delete"])
            #expect(deleted.status == 200 && deleted.json["ok"] as? Bool == true, "\(deleted.text)")
            let items = try await client.get("/api/v1/machines").json["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["id"] as? Int } == [ids[3]])
        }
    }

    @Test func powerAndResetReportEachMachine() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let ids = try await machines(client, 3)
            // Wake-on-LAN cannot switch off: every machine fails, each with its code.
            let off = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "powerOff"])
            #expect(off.status == 200 && off.json["ok"] as? Bool == false, "\(off.text)")
            #expect(results(off).count == 3 && results(off).allSatisfy { $0["code"] as? String == "power.noDevice" })
            // No image, so no disks: reset fails per machine with disk.noDisks.
            let reset = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "resetDisk"])
            #expect(reset.status == 200 && reset.json["ok"] as? Bool == false, "\(reset.text)")
            #expect(results(reset).map { $0["name"] as? String } == ["pc-01", "pc-02", "pc-03"])
            #expect(results(reset).allSatisfy { $0["code"] as? String == "disk.noDisks" })
        }
    }

    @Test func badRequestsAreRefusedWithCodes() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let ids = try await machines(client, 1)
            let noIDs = try await client.post("/api/v1/machines/bulk", ["ids": [Int](), "action": "delete"])
            #expect(noIDs.status == 422 && noIDs.problemFields == ["ids"] && noIDs.json["code"] as? String == "validation.field")
            let tooMany = try await client.post("/api/v1/machines/bulk", ["ids": Array(1...1001), "action": "delete"])
            #expect(tooMany.status == 422 && tooMany.problemFields == ["ids"])
            let badMode = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "setDiskMode", "value": "sometimes"])
            #expect(badMode.status == 422 && badMode.problemFields == ["value"])
            let badAction = try await client.post("/api/v1/machines/bulk", ["ids": ids, "action": "explode"])
            #expect(badAction.status == 422 && badAction.problemFields == ["action"])

            try await server.addUser("viewer", role: .viewer)
            let viewer = try await server.client(login: "viewer", password: "viewer-password")
            let forbidden = try await viewer.post("/api/v1/machines/bulk", ["ids": ids, "action": "delete"])
            #expect(forbidden.status == 403 && forbidden.json["code"] as? String == "auth.forbidden")
            // A cookie write without the CSRF header.
            viewer.csrf = nil
            let admin = try await server.client(login: "admin")
            admin.csrf = nil
            let noCSRF = try await admin.post("/api/v1/machines/bulk", ["ids": ids, "action": "delete"])
            #expect(noCSRF.status == 403 && noCSRF.json["code"] as? String == "auth.csrf")
        }
    }
}

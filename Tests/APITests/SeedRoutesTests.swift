import Domain
import Foundation
import TestSupport
import Testing

/// `POST /import/seed` and `GET /export/seed.zip` with real archives: made by Info-ZIP's `zip`
/// (deflated, in a `db/` folder, as a café would zip the prototype's folder) and read back by
/// `unzip`.
@Suite struct SeedRoutesTests {
    static let hosts = "\u{FEFF}host_name,ip,mac,default_menu,super_tube\r\npc01,192.168.1.101,52:54:00:00:00:01,win10,False\r\n" +
        "pc02,,52:54:00:00:00:02,win10,True\r\n"
    static let os = "name,description,capacity\nwin10,Windows 10 网吧版,60\n"
    static let dataDisks = "name,description,capacity\ngames,,0.0625\n"
    static let bootMenus = "name,operation_system,data_disk\nwin10,win10,games\n"
    static let config = #"{"dhcp_server": {"network_name": "dbc", "dns_servers": "223.5.5.5"}, "volume_group_name": "bootpool"}"#

    /// The prototype's folder zipped with `zip -r` (deflate).
    static func prototypeZip(_ dir: String, hosts: String = hosts) async throws -> Data {
        try FileManager.default.createDirectory(atPath: dir + "/cafe/db", withIntermediateDirectories: true)
        for (name, text) in [("host.csv", hosts), ("os.csv", os), ("data_disk.csv", dataDisks), ("boot_menu.csv", bootMenus)] {
            try Data(text.utf8).write(to: URL(fileURLWithPath: "\(dir)/cafe/db/\(name)"))
        }
        try Data(config.utf8).write(to: URL(fileURLWithPath: "\(dir)/cafe/config.json.bak"))
        _ = try await runTool(path: "/usr/bin/zip", arguments: ["-q", "-r", "-9", "cafe.zip", "cafe"], directory: dir)
        return try Data(contentsOf: URL(fileURLWithPath: dir + "/cafe.zip"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zip")
                   && FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip"), "needs Info-ZIP zip and unzip"))
    func aZippedPrototypeFolderRoundTripsThroughExport() async throws {
        let dir = NSTemporaryDirectory() + "seedroutes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let zip = try await Self.prototypeZip(dir)
        var exported: [String: Data] = [:]
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let r = try await client.request("POST", "/api/v1/import/seed", body: zip, contentType: "application/zip")
            #expect(r.status == 200, "\(r.text)")
            #expect(r.json["files"] as? [String] == ["os.csv", "data_disk.csv", "boot_menu.csv", "host.csv", "config.json"])
            #expect((r.json["machines"] as? [[String: Any]])?.count == 2)
            #expect(r.json["settingsChanged"] as? Bool == true)
            #expect(try await client.get("/api/v1/settings").json["dhcp"].flatMap { ($0 as? [String: Any])?["networkName"] as? String } == "dbc")

            let export = try await client.get("/api/v1/export/seed.zip")
            #expect(export.status == 200)
            #expect(export.header("Content-Type") == "application/zip")
            try export.body.write(to: URL(fileURLWithPath: dir + "/seed.zip"))
            for name in ["host.csv", "os.csv", "data_disk.csv", "boot_menu.csv", "config.json"] {
                exported[name] = try await runTool(path: "/usr/bin/unzip", arguments: ["-p", "seed.zip", name], directory: dir)
            }
            #expect(String(decoding: exported["host.csv"] ?? Data(), as: UTF8.self) ==
                    "host_name,ip,mac,default_menu,super_tube\npc01,192.168.1.101,52:54:00:00:00:01,win10,False\npc02,,52:54:00:00:00:02,win10,True\n")
            #expect(String(decoding: exported["os.csv"] ?? Data(), as: UTF8.self) == Self.os)
            #expect(String(decoding: exported["data_disk.csv"] ?? Data(), as: UTF8.self) == Self.dataDisks)

            // The same archive again: everything already exists, nothing more is stored.
            let again = try await client.request("POST", "/api/v1/import/seed", body: zip, contentType: "application/zip")
            #expect(again.status == 422)
            #expect(again.problemFields.contains("host.csv[2].host_name"), "\(again.text)")
            #expect(try await client.get("/api/v1/machines").json["total"] as? Int == 2)
        }
        // The export into a fresh server exports the same files again.
        let seedZip = try Data(contentsOf: URL(fileURLWithPath: dir + "/seed.zip"))
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let r = try await client.request("POST", "/api/v1/import/seed", body: seedZip, contentType: "application/zip")
            #expect(r.status == 200, "\(r.text)")
            let export = try await client.get("/api/v1/export/seed.zip")
            try export.body.write(to: URL(fileURLWithPath: dir + "/seed2.zip"))
            for (name, data) in exported {
                #expect(try await runTool(path: "/usr/bin/unzip", arguments: ["-p", "seed2.zip", name], directory: dir) == data, "\(name) differs after a round trip")
            }
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/zip"), "needs Info-ZIP zip"))
    func badArchivesAndRolesAreRefused() async throws {
        let dir = NSTemporaryDirectory() + "seedroutes-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let duplicateMAC = Self.hosts.replacingOccurrences(of: "52:54:00:00:00:02", with: "52-54-00-00-00-01")
            .replacingOccurrences(of: ",win10,True", with: ",nomenu,True")
        let bad = try await Self.prototypeZip(dir, hosts: duplicateMAC)
        try await withServer { server in
            try await server.addUser("op", role: .operator_)
            let op = try await server.client(login: "op", password: "op-password")
            #expect(try await op.request("POST", "/api/v1/import/seed", body: bad, contentType: "application/zip").status == 403)
            #expect(try await op.get("/api/v1/export/seed.zip").status == 200)

            let client = try await server.client(login: "admin")
            let r = try await client.request("POST", "/api/v1/import/seed", body: bad, contentType: "application/zip")
            #expect(r.status == 422)
            #expect(Set(r.problemFields) == ["host.csv[3].mac", "host.csv[3].default_menu"], "\(r.text)")
            #expect(try await client.get("/api/v1/images").json["total"] as? Int == 0)

            let notZip = try await client.request("POST", "/api/v1/import/seed", body: Data("hello".utf8), contentType: "application/zip")
            #expect(notZip.status == 400 && notZip.isProblem)
            let wrongType = try await client.request("POST", "/api/v1/import/seed", body: bad, contentType: "text/csv")
            #expect(wrongType.status == 415)
            let relative = try await client.request("POST", "/api/v1/import/seed?contents=disks", body: bad, contentType: "application/zip")
            #expect(relative.status == 422 && relative.problemFields == ["contents"])
        }
    }
}

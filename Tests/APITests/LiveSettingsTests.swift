import Domain
import Foundation
import Services
import Store
import TestSupport
import Testing

/// `PUT /api/v1/settings` rebinds the running TFTP, Thrift and boot-port listeners (issue 17 item
/// 3): a port in use is a 409 naming it, with the old listener still answering and nothing saved;
/// a free port moves the listener before the PUT answers. Real sockets on free high ports of
/// 127.0.0.1. ProxyDHCP's rebind needs a network namespace: `LiveSettingsProxyDHCPTests`.
@Suite struct LiveSettingsTests {
    @Test func aTakenPortIs409AndTheOldListenerKeepsAnsweringAFreeOneMovesIt() async throws {
        let tftpPort = TestPorts.pick(), thriftPort = TestPorts.pick()
        let server = try await TestServer.start(networkServices: true) { settings in
            settings.tftp.port = tftpPort
            settings.thrift.port = thriftPort
        }
        do {
            try await check(server, tftpPort: tftpPort, thriftPort: thriftPort)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func check(_ server: TestServer, tftpPort: Int, thriftPort: Int) async throws {
        let client = try await server.client(login: "admin")
        #expect(await ListenProbe.tftpAnswers(port: tftpPort), "tftp listens on its port at start")
        #expect(await ListenProbe.tcpAccepts(port: thriftPort), "thrift listens on its port at start")
        let before = try await client.get("/api/v1/settings").json
        let revision = try #require(before["revision"] as? Int)

        // TFTP: a port someone else holds.
        let taken = try HeldPort(udp: true)
        let refused = try await client.put("/api/v1/settings", Self.changing(before, "tftp", "port", taken.port))
        #expect(refused.status == 409, "\(refused.text)")
        #expect(refused.isProblem && refused.text.contains("port \(taken.port)"), "\(refused.text)")
        #expect(await ListenProbe.tftpAnswers(port: tftpPort), "the old tftp listener keeps answering")
        let unchanged = try await client.get("/api/v1/settings").json
        #expect(unchanged["revision"] as? Int == revision, "nothing saved")
        #expect((unchanged["tftp"] as? [String: Any])?["port"] as? Int == tftpPort)

        // Thrift: a TCP port someone else listens on.
        let takenTCP = try HeldPort(udp: false)
        let refusedTCP = try await client.put("/api/v1/settings", Self.changing(before, "thrift", "port", takenTCP.port))
        #expect(refusedTCP.status == 409 && refusedTCP.text.contains("port \(takenTCP.port)"), "\(refusedTCP.text)")
        #expect(await ListenProbe.tcpAccepts(port: thriftPort), "the old thrift listener keeps accepting")

        // Free ports: both move before the PUT answers.
        let newTFTP = TestPorts.pick(), newThrift = TestPorts.pick()
        var moved = Self.changing(before, "tftp", "port", newTFTP)
        moved = Self.changing(moved, "thrift", "port", newThrift)
        let saved = try await client.put("/api/v1/settings", moved)
        #expect(saved.status == 200, "\(saved.text)")
        #expect(saved.json["revision"] as? Int == revision + 1)
        #expect(await ListenProbe.tftpAnswers(port: newTFTP), "tftp answers on the new port")
        #expect(await ListenProbe.tcpAccepts(port: newThrift), "thrift accepts on the new port")
        #expect(!(await ListenProbe.tcpAccepts(port: thriftPort)), "the old thrift port is closed")
        // The old TFTP port is free again: it can be bound.
        #expect(throws: Never.self) { _ = try HeldPort(udp: true, port: tftpPort) }

        // A new root on the same port: the old listener closes first, the new one binds there.
        let root = (server.dataDir as NSString).appendingPathComponent("tftp-elsewhere")
        let current = try await client.get("/api/v1/settings").json
        let rooted = try await client.put("/api/v1/settings", Self.changing(current, "tftp", "root", root))
        #expect(rooted.status == 200, "\(rooted.text)")
        #expect(await ListenProbe.tftpAnswers(port: newTFTP), "tftp answers on its port over the new root")
        #expect(FileManager.default.fileExists(atPath: root), "the new root was made (and seeded)")
    }

    /// `http.bootPort` moves the boot-only port live; 0 falls back to `--boot-port`.
    @Test func theBootPortIsASettingThatRebindsLive() async throws {
        let flagPort = TestPorts.pick()
        let server = try await TestServer.start(bootPort: flagPort)
        do {
            try await checkBootPort(server, flagPort: flagPort)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    private func checkBootPort(_ server: TestServer, flagPort: Int) async throws {
        let client = try await server.client(login: "admin")
        #expect(try await TestClient(port: flagPort).get("/healthz").status == 200, "--boot-port serves while http.bootPort is 0")
        let before = try await client.get("/api/v1/settings").json
        let revision = try #require(before["revision"] as? Int)
        #expect((before["http"] as? [String: Any])?["bootPort"] as? Int == 0)

        // A port someone else listens on: 409 naming it, the flag's port keeps serving, nothing saved.
        let taken = try HeldPort(udp: false)
        let refused = try await client.put("/api/v1/settings", Self.changing(before, "http", "bootPort", taken.port))
        #expect(refused.status == 409, "\(refused.text)")
        #expect(refused.isProblem && refused.text.contains("port \(taken.port)"), "\(refused.text)")
        #expect(try await TestClient(port: flagPort).get("/healthz").status == 200, "the old boot port keeps serving")
        #expect(try await client.get("/api/v1/settings").json["revision"] as? Int == revision, "nothing saved")

        // A free port: the boot endpoints move there before the PUT answers; the old port closes.
        let moved = TestPorts.pick()
        let saved = try await client.put("/api/v1/settings", Self.changing(before, "http", "bootPort", moved))
        #expect(saved.status == 200, "\(saved.text)")
        #expect(saved.json["revision"] as? Int == revision + 1)
        let boot = TestClient(port: moved)
        #expect(try await boot.get("/healthz").status == 200, "the boot port answers on the new port")
        #expect(try await boot.get("/api/v1/settings").status == 404, "only the boot endpoints are there")
        #expect(!(await ListenProbe.tcpAccepts(port: flagPort)), "the old boot port is closed")

        // 0 again: back to the flag's port.
        let current = try await client.get("/api/v1/settings").json
        let back = try await client.put("/api/v1/settings", Self.changing(current, "http", "bootPort", 0))
        #expect(back.status == 200, "\(back.text)")
        #expect(try await TestClient(port: flagPort).get("/healthz").status == 200, "--boot-port serves again")
        #expect(!(await ListenProbe.tcpAccepts(port: moved)), "the setting's port is closed")
    }

    /// A storage root or driver change while volumes exist is a 422 naming the count (issue 17).
    @Test func storageRootCannotMoveWhileVolumesExist() async throws {
        try await withServer { server in
            let client = try await server.client(login: "admin")
            let before = try await client.get("/api/v1/settings").json
            // With no volumes the root may change (and back).
            let elsewhere = Self.changing(before, "storage", "fileRoot", "/srv/disklessd-elsewhere")
            let empty = try await client.put("/api/v1/settings", elsewhere)
            #expect(empty.status == 200, "\(empty.text)")
            let back = try await client.put("/api/v1/settings", before)
            #expect(back.status == 200, "\(back.text)")

            // Two images with a version each: two volumes.
            for name in ["win10", "data1"] {
                let created = try await client.post("/api/v1/images", ["name": name, "kind": "os", "sizeMiB": 8])
                #expect(created.status == 201, "\(created.text)")
                let id = try #require(created.json["id"] as? Int)
                try await server.services.store.write { tx in
                    guard var image = try tx.image(id: Int64(id)) else { return }
                    image.versions = [ImageVersion(n: 1)]
                    image.currentVersion = 1
                    _ = try tx.updateImage(image)
                }
            }
            let current = try await client.get("/api/v1/settings").json
            let refused = try await client.put("/api/v1/settings", Self.changing(current, "storage", "fileRoot", "/srv/disklessd-elsewhere"))
            #expect(refused.status == 422, "\(refused.text)")
            #expect(refused.text.contains("storage root cannot change while 2 volumes exist"), "\(refused.text)")
            #expect(refused.text.contains("storage.fileRoot"), "\(refused.text)")
            let driver = try await client.put("/api/v1/settings", Self.changing(current, "storage", "driver", "lvm"))
            #expect(driver.status == 422 && driver.text.contains("storage driver cannot change while 2 volumes exist"), "\(driver.text)")
            let after = try await client.get("/api/v1/settings").json
            #expect(after["revision"] as? Int == current["revision"] as? Int, "nothing saved")
            // Other sections still change.
            let other = try await client.put("/api/v1/settings", Self.changing(current, "http", "menuTimeoutSeconds", 9))
            #expect(other.status == 200, "\(other.text)")
        }
    }

    static func changing(_ document: [String: Any], _ section: String, _ key: String, _ value: Any) -> [String: Any] {
        var document = document
        var part = document[section] as? [String: Any] ?? [:]
        part[key] = value
        document[section] = part
        return document
    }
}

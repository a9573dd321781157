import Domain
import Foundation
import Services
import Testing

/// The seed export and the DHCP config writer on a real temporary directory.
@Suite struct ExportServiceTests {
    static func services(root: String) async throws -> (ServiceContainer, ExportService) {
        let services = try ServiceContainer.temporary()
        var settings = try await services.settings.get()
        settings.iscsi.serverAddress = IPv4Address(10, 99, 0, 1)
        settings.http.rootPath = root
        settings.http.publicBaseURL = "http://10.99.0.1"
        settings.http.exportFiles = true
        _ = try await services.settings.update(settings, by: .system)
        let boot = BootService(services: services, firstLUN: 1, listenPort: 8050)
        return (services, ExportService(services: services, boot: boot))
    }

    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func exportWritesThePrototypeLayoutAndRemovesStaleFiles() async throws {
        let root = try Self.tempDir()
        let (services, export) = try await Self.services(root: root)
        let item = try await services.bootItems.create(BootItemInput(name: "local", label: "Local disk", kind: "local"), by: .system)
        let pc01 = try await services.machines.create(MachineInput(name: "pc01", mac: "52:54:00:aa:bb:01", defaultBootItem: item.id,
                                                                   bootItems: [item.id]), by: .system)
        try Data("old".utf8).write(to: URL(fileURLWithPath: root + "/ipxe/cfg/mac-525400ffffff.ipxe.cfg").creatingParent())
        let first = try await export.pass()
        #expect(first.written.map { $0.replacingOccurrences(of: root + "/", with: "") }.sorted()
                == ["ipxe/boot.ipxe", "ipxe/boot.ipxe.cfg", "ipxe/cfg/mac-525400aabb01.ipxe.cfg"])
        #expect(first.removed == [root + "/ipxe/cfg/mac-525400ffffff.ipxe.cfg"])
        let cfg = try String(contentsOfFile: root + "/ipxe/boot.ipxe.cfg", encoding: .utf8)
        #expect(cfg == "#!ipxe\nset iscsi-server 10.99.0.1\nset base-url http://10.99.0.1\nset menu-timeout 5000\n")
        #expect(try await export.pass().written.isEmpty, "unchanged content is not rewritten")

        _ = try await services.machines.delete(id: pc01.id, by: .system)
        #expect(try await export.pass().removed == [root + "/ipxe/cfg/mac-525400aabb01.ipxe.cfg"])
    }

    @Test func runRewritesAfterAChange() async throws {
        let root = try Self.tempDir()
        let (services, export) = try await Self.services(root: root)
        let task = Task { await export.run() }
        defer { task.cancel() }
        let path = root + "/ipxe/cfg/mac-525400aabb02.ipxe.cfg"
        let item = try await services.bootItems.create(BootItemInput(name: "local", label: "Local disk", kind: "local"), by: .system)
        _ = try await services.machines.create(MachineInput(name: "pc02", mac: "52:54:00:aa:bb:02", defaultBootItem: item.id,
                                                            bootItems: [item.id]), by: .system)
        // Bounded wait for the loop to catch up (no timing assertion: only an upper bound).
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: path) { try await Task.sleep(for: .milliseconds(25)) }
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func dhcpConfigIsWrittenAndTheReloadCommandRuns() async throws {
        let dir = try Self.tempDir()
        let (services, export) = try await Self.services(root: dir)
        var settings = try await services.settings.get()
        settings.dhcp.mode = .dnsmasq
        settings.dhcp.configPath = dir + "/dnsmasq.d/disklessd.conf"
        settings.dhcp.reloadCommand = ["/usr/bin/touch", dir + "/reloaded"]
        settings = try await services.settings.update(settings, by: .system)
        let report = try await export.writeDHCPConfig(settings)
        #expect(report.written == [dir + "/dnsmasq.d/disklessd.conf"] && report.reloaded)
        #expect(FileManager.default.fileExists(atPath: dir + "/reloaded"))
        #expect(try String(contentsOfFile: dir + "/dnsmasq.d/disklessd.conf", encoding: .utf8).contains("dhcp-boot=tag:!noboot,tag:ipxe,"))
        #expect(try await export.writeDHCPConfig(settings).reloaded == false, "unchanged config: no reload")
    }

    @Test func failingReloadCommandIsAnError() async throws {
        await #expect(throws: ServiceError.self) { try await ReloadRunner().run(["/bin/false"]) }
        await #expect(throws: ServiceError.self) { try await ReloadRunner().run(["false"]) }
    }
}

extension URL {
    func creatingParent() throws -> URL {
        try FileManager.default.createDirectory(at: deletingLastPathComponent(), withIntermediateDirectories: true)
        return self
    }
}

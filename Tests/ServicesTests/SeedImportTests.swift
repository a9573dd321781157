import Domain
import Foundation
import Services
import Testing

/// The prototype's data folder as its pandas code wrote it (header line, `True`/`False`, the
/// data disk list quoted), here with what Excel adds on Windows: a BOM and CRLF line ends.
enum PrototypeFolder {
    static let os = "\u{FEFF}name,description,capacity\r\nwin10,Windows 10 网吧版,60\r\nubuntu,Ubuntu 22.04,30.0\r\n"
    static let dataDisks = "name,description,capacity\r\ngames,游戏盘,200\r\ntools,,0.0625\r\n"
    static let bootMenus = "name,operation_system,data_disk\r\nwin10_games,win10,\"games,tools\"\r\nubuntu,ubuntu,\r\n"
    static let hosts = """
    host_name,ip,mac,default_menu,super_tube\r
    pc01,192.168.1.101,52:54:00:00:00:01,win10_games,False\r
    pc02,192.168.1.102,52:54:00:00:00:02,ubuntu,True\r
    pc03,,52:54:00:00:00:03,win10_games,False\r

    """
    static let config = """
    {"dhcp_server": {"network_name": "dbc", "interface": "eth0", "subnet": "192.168.1.0",
      "subnet_mask": "255.255.255.0", "range_from": "192.168.1.100", "range_to": "192.168.1.200",
      "routers": "192.168.1.1", "dns_servers": "223.5.5.5", "broadcast_address": "192.168.1.255",
      "filename": "http://192.168.1.2:8080/ipxe/boot.ipxe", "next_server": "192.168.1.2"},
     "http_server": {"root_path": "/var/www/file", "base_url": "http://192.168.1.2:8080"},
     "iscsi_setting": {"server": "192.168.1.2", "iscsi_target_prefix": "iqn.2022-10.org.dbc.iscsi",
      "initiator_iqn": "iqn.2022-10.org.dbc.iscsi:global.client"},
     "volume_group_name": "bootpool",
     "hosts": {"host_name": [], "ip": [], "mac": [], "default_menu": [], "super_tube": []}}
    """

    static func files(hosts: String = hosts, os: String = os, dataDisks: String = dataDisks,
                      bootMenus: String = bootMenus, config: String? = config) -> SeedFiles {
        var f = SeedFiles([SeedFiles.hosts: Data(hosts.utf8), SeedFiles.os: Data(os.utf8),
                           SeedFiles.dataDisks: Data(dataDisks.utf8), SeedFiles.bootMenus: Data(bootMenus.utf8)])
        f[SeedFiles.config] = config.map { Data($0.utf8) }
        return f
    }
}

@Suite struct SeedImportTests {
    @Test func importsThePrototypeFolderInOneGo() async throws {
        let s = try ServiceContainer.temporary()
        let r = try await s.seed.importSeed(PrototypeFolder.files(), by: admin)
        #expect(r.files == ["os.csv", "data_disk.csv", "boot_menu.csv", "host.csv", "config.json"])
        #expect(r.images.map(\.name) == ["win10", "ubuntu", "games", "tools"])
        #expect(r.bootItems.map(\.name) == ["win10_games", "ubuntu"])
        #expect(r.machines.map(\.name) == ["pc01", "pc02", "pc03"])
        #expect(r.settingsChanged)
        #expect(r.notes.count == 2, "the URL boot filename and the shared initiator IQN are not taken: \(r.notes)")

        let win10 = try #require(try await s.images.list(kind: "os").items.first { $0.name == "win10" })
        #expect(win10.sizeBytes == 60 * Image.gibibyte)
        #expect(win10.description == "Windows 10 网吧版")
        let tools = try #require(try await s.images.list(kind: "data").items.first { $0.name == "tools" })
        #expect(tools.sizeBytes == 64 * Image.mebibyte)
        let item = try #require(try await s.bootItems.byName("win10_games"))
        #expect(item.kind == .iscsi && item.osImage == win10.id && item.dataImages.count == 2)

        // The prototype showed every menu item to every host, its default preselected.
        let pc02 = try #require(try await s.machines.byName("pc02"))
        let ubuntu = try #require(try await s.bootItems.byName("ubuntu"))
        #expect(pc02.bootItems == [item.id, ubuntu.id])
        #expect(pc02.defaultBootItem == ubuntu.id)
        #expect(pc02.superWorkstation)
        #expect(try await s.machines.byName("pc03")?.ip == nil)

        let settings = try await s.settings.get()
        #expect(settings.dhcp.networkName == "dbc")
        #expect(settings.dhcp.dnsServers == [IPv4Address(223, 5, 5, 5)])
        #expect(settings.http.publicBaseURL == "http://192.168.1.2:8080")
        #expect(settings.storage.volumeGroup == "bootpool")
        #expect(settings.dhcp.bootFilename == "", "a URL is not a TFTP file name")
        #expect(settings.iscsi.globalInitiatorIQN == "")
        #expect(try await s.events.list(action: "seed.import").items.first?.outcome == .success)
    }

    @Test func badInputStoresNothingAndNamesEveryProblem() async throws {
        let s = try ServiceContainer.temporary()
        let before = try await s.settings.get()
        let hosts = "\u{FEFF}host_name,ip,mac,default_menu,super_tube\r\n" +
            "pc01,192.168.1.101,52:54:00:00:00:01,win10_games,False\r\n" +
            "pc02,192.168.1.102,52-54-00-00-00-01,win10_games,False\r\n" +
            "pc03,192.168.1.103,52:54:00:00:00:03,no_such_menu,True\r\n"
        let dataDisks = "名称,描述,容量\r\ngames,游戏盘,200\r\n"
        let os = "name,capacity\r\nwin10,60\r\n"
        let config = PrototypeFolder.config.replacingOccurrences(of: "192.168.1.200", with: "192.168.1.300")
        let fields = await invalidFields {
            _ = try await s.seed.importSeed(PrototypeFolder.files(hosts: hosts, os: os, dataDisks: dataDisks, config: config), by: admin)
        }
        #expect(Set(fields) == [
            "os.csv[1].description",                       // missing column
            "data_disk.csv[1].column 1", "data_disk.csv[1].column 2", "data_disk.csv[1].column 3",  // Chinese headers
            "data_disk.csv[1].name", "data_disk.csv[1].description", "data_disk.csv[1].capacity",
            "boot_menu.csv[2].operation_system", "boot_menu.csv[2].data_disk",  // win10/games never imported
            "boot_menu.csv[3].operation_system",
            "host.csv[2].default_menu", "host.csv[3].default_menu", "host.csv[4].default_menu",  // unknown menus
            "host.csv[3].mac",                             // duplicate MAC (another spelling)
            "config.json.dhcp_server.range_to",
        ], "\(fields)")
        #expect(try await s.images.list().total == 0)
        #expect(try await s.bootItems.list().isEmpty)
        #expect(try await s.machines.list().total == 0)
        #expect(try await s.settings.get() == before)
        #expect(try await s.events.list(action: "seed.import", outcome: "failure").total == 1)
    }

    @Test func aDuplicateMACIsNamedWithTheEarlierLine() async throws {
        let s = try ServiceContainer.temporary()
        let hosts = PrototypeFolder.hosts.replacingOccurrences(of: "52:54:00:00:00:03", with: "52:54:00:00:00:01")
        do {
            _ = try await s.seed.importSeed(PrototypeFolder.files(hosts: hosts), by: admin)
            Issue.record("imported a duplicate MAC")
        } catch let ServiceError.validation(e) {
            #expect(e.errors == [FieldError(field: "host.csv[4].mac", message: "duplicate of line 2")])
        }
        #expect(try await s.machines.list().total == 0)
        #expect(try await s.images.list().total == 0)
    }

    @Test func recordsThatAlreadyExistAreConflictsNamedByLine() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.images.create(ImageInput(name: "games", kind: "data", sizeMiB: 64), by: admin)
        _ = try await s.machines.create(MachineInput(name: "pc02", mac: "52:54:00:00:00:99"), by: admin)
        let fields = await invalidFields { _ = try await s.seed.importSeed(PrototypeFolder.files(), by: admin) }
        // boot_menu.csv may name images that already exist; os.csv and data_disk.csv may not re-create them.
        #expect(Set(fields) == ["data_disk.csv[2].name", "host.csv[3].host_name"], "\(fields)")
        #expect(try await s.images.list().total == 1)
    }

    @Test func aFileThatIsNotUTF8IsNamed() async throws {
        let s = try ServiceContainer.temporary()
        var files = PrototypeFolder.files()
        files[SeedFiles.os] = Data([0x6E, 0x61, 0x6D, 0x65, 0x0A, 0xC4, 0xE3, 0xBA, 0xC3])  // "name\n" + GBK
        let fields = await invalidFields { _ = try await s.seed.importSeed(files, by: admin) }
        #expect(fields.contains("os.csv"))
        #expect(try await s.machines.list().total == 0)
    }

    @Test func exportThenImportIsLossless() async throws {
        let first = try ServiceContainer.temporary()
        _ = try await first.seed.importSeed(PrototypeFolder.files(), by: admin)
        let exported = try await first.seed.export()
        let hosts = try #require(exported[SeedFiles.hosts].map { String(decoding: $0, as: UTF8.self) })
        #expect(hosts == """
        host_name,ip,mac,default_menu,super_tube
        pc01,192.168.1.101,52:54:00:00:00:01,win10_games,False
        pc02,192.168.1.102,52:54:00:00:00:02,ubuntu,True
        pc03,,52:54:00:00:00:03,win10_games,False

        """)
        #expect(exported[SeedFiles.bootMenus].map { String(decoding: $0, as: UTF8.self) } ==
                "name,operation_system,data_disk\nubuntu,ubuntu,\nwin10_games,win10,\"games,tools\"\n")

        // Through a folder, as the CLI does, into an empty database.
        let dir = NSTemporaryDirectory() + "seedimport-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try exported.write(directory: dir + "/db")
        try FileManager.default.moveItem(atPath: dir + "/db/config.json", toPath: dir + "/config.json.bak")
        let second = try ServiceContainer.temporary()
        let r = try await second.seed.importSeed(try SeedFiles.read(directory: dir), by: admin)
        #expect(r.machines.count == 3 && r.images.count == 4 && r.bootItems.count == 2)
        #expect(try await second.seed.export() == exported)
        let a = try await first.settings.get(), b = try await second.settings.get()
        #expect(a.dhcp == b.dhcp && a.http == b.http && a.iscsi == b.iscsi && a.storage == b.storage)
    }

    @Test func readingAFolderWithoutSeedFilesSaysSo() throws {
        let dir = NSTemporaryDirectory() + "seedimport-empty-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: ServiceError.self) { try SeedFiles.read(directory: dir) }
        #expect(throws: ServiceError.self) { try SeedFiles.read(directory: dir + "/missing") }
    }
}

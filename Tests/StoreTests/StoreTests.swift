import Domain
import Foundation
import Store
import Testing

/// Real SQLite files in temporary directories.
@Suite struct StoreTests {
    @Test func migratesAnEmptyDatabase() async throws {
        let store = try AppStore.temporary()
        #expect(try await store.appliedMigrations() == ["v1-initial", "v2-machine-list-indexes", "v3-seal-secrets", "v4-boot-item-os-family",
                                                        "v5-image-working-changed"])
        let tables = try await store.tableNames()
        for t in ["machines", "machine_boot_items", "images", "image_versions", "boot_items", "boot_item_data_images",
                  "settings", "events", "users", "api_tokens", "sessions", "discovered_machines", "jobs"] {
            #expect(tables.contains(t), "missing table \(t)")
        }
        #expect(FileManager.default.fileExists(atPath: store.path))
    }

    @Test func reopeningKeepsDataAndDoesNotRemigrate() async throws {
        let first = try AppStore.temporary()
        _ = try await first.write { tx in try tx.insertImage(Image(name: "win10", sizeBytes: 64 << 20)) }
        let again = try AppStore(path: first.path)
        #expect(try await again.read { tx in try tx.image(named: "WIN10")?.name } == "win10")
        #expect(try await again.appliedMigrations() == ["v1-initial", "v2-machine-list-indexes", "v3-seal-secrets", "v4-boot-item-os-family",
                                                        "v5-image-working-changed"])
    }

    @Test func machineNamesAreUniqueIgnoringCase() async throws {
        let store = try AppStore.temporary()
        _ = try await store.write { tx in try tx.insertMachine(Machine(name: "PC01", mac: MACAddress("52:54:00:00:00:01")!)) }
        await #expect(throws: StoreError.unique(table: "machines", column: "name")) {
            _ = try await store.write { tx in try tx.insertMachine(Machine(name: "pc01", mac: MACAddress("52:54:00:00:00:02")!)) }
        }
        await #expect(throws: StoreError.unique(table: "machines", column: "mac")) {
            _ = try await store.write { tx in try tx.insertMachine(Machine(name: "pc02", mac: MACAddress("52-54-00-00-00-01")!)) }
        }
    }

    @Test func foreignKeysAreEnforced() async throws {
        let store = try AppStore.temporary()
        await #expect(throws: StoreError.self) {
            _ = try await store.write { tx in
                try tx.insertMachine(Machine(name: "pc01", mac: MACAddress("525400000001")!, defaultBootItem: 99, bootItems: [99]))
            }
        }
        let image = try await store.write { tx in try tx.insertImage(Image(name: "w", sizeBytes: 64 << 20)) }
        _ = try await store.write { tx in try tx.insertBootItem(BootItem(name: "w", label: "W", kind: .iscsi, osImage: image.id), now: Date()) }
        await #expect(throws: StoreError.self) { _ = try await store.write { tx in try tx.deleteImage(id: image.id) } }
        #expect(try await store.read { tx in try tx.bootItemNames(usingImage: image.id) } == ["w"])
    }

    @Test func aFailedWriteLeavesNothing() async throws {
        let store = try AppStore.temporary()
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await store.write { tx in
                _ = try tx.insertImage(Image(name: "a", sizeBytes: 64 << 20))
                throw Boom()
            }
        }
        #expect(try await store.read { tx in try tx.images().total } == 0)
    }

    @Test func machineRoundTripsEveryField() async throws {
        let store = try AppStore.temporary()
        let (item, other) = try await store.write { tx in
            (try tx.insertBootItem(BootItem(name: "local", label: "Local", kind: .local), now: Date()),
             try tx.insertBootItem(BootItem(name: "net", label: "Net", kind: .chain, url: "http://x/y.ipxe"), now: Date()))
        }
        let m = Machine(name: "pc07", mac: MACAddress("52:54:00:aa:bb:cc")!, ip: IPv4Address("192.168.1.7"),
                        defaultBootItem: other.id, bootItems: [other.id, item.id], diskMode: .persistent, superWorkstation: true,
                        group: "room a", power: PowerConfig(driver: .ipmi, ipmiHost: "bmc7", ipmiUser: "root", ipmiPassword: "x"),
                        allowBoot: false, status: .online, lastBootAt: Date(timeIntervalSince1970: 1_700_000_000),
                        lastBootPhase: .script, notes: "n", chapSecret: "abcdefghijklmnop",
                        createdAt: Date(timeIntervalSince1970: 1_600_000_000), updatedAt: Date(timeIntervalSince1970: 1_600_000_001),
                        revision: 3)
        let stored = try await store.write { tx in try tx.insertMachine(m) }
        let back = try await store.read { tx in try tx.machine(id: stored.id) }
        var expected = m
        expected.id = stored.id
        #expect(back == expected)
    }
}

@Suite struct StorePragmaTests {
    @Test func databaseIsWALWithForeignKeys() async throws {
        let store = try AppStore.temporary()
        let p = try await store.pragmas()
        #expect(p.journalMode == "wal")
        #expect(p.foreignKeys)
    }

    @Test func discoveredMachinesUpsert() async throws {
        let store = try AppStore.temporary()
        let mac = MACAddress("52:54:00:00:00:09")!
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        try await store.write { tx in
            try tx.upsertDiscovered(mac: mac, ip: IPv4Address("10.0.0.9"), via: "dhcp", platform: "efi", at: t0)
            try tx.upsertDiscovered(mac: mac, ip: nil, via: "tftp", platform: nil, at: t0.addingTimeInterval(60))
        }
        let d = try #require(try await store.read { tx in try tx.discovered(mac: mac) })
        #expect(d.ip?.description == "10.0.0.9")
        #expect(d.platform == "efi")
        #expect(d.via == "tftp")
        #expect(d.firstSeenAt == t0)
        #expect(d.lastSeenAt == t0.addingTimeInterval(60))
    }
}

@Suite struct StoreConcurrencyTests {
    /// Writers and readers at once on one pool: every write lands, readers always see a
    /// consistent count (never more than was written).
    @Test func concurrentWritersAndReaders() async throws {
        let store = try AppStore.temporary()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<50 {
                group.addTask {
                    _ = try await store.write { tx in
                        try tx.insertEvent(Event(actor: "t", action: "test.write", subject: "n/\(i)"))
                    }
                }
                group.addTask {
                    let n = try await store.read { tx in try tx.events(EventListQuery(action: "test.write", limit: 1)).total }
                    #expect((0...50).contains(n))
                }
            }
            try await group.waitForAll()
        }
        #expect(try await store.read { tx in try tx.events(EventListQuery(action: "test.write")).total } == 50)
    }
}

import Domain
import Foundation
import Services
import Testing

@Suite struct CSVImportTests {
    @Test func importsTwoHundredLines() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.seedBootItems()
        var csv = "host_name,ip,mac,default_menu,super_tube\r\n"
        for i in 1...200 {
            csv += "pc\(i),10.1.\(i / 250).\(i % 250 + 1),\(mac(i).replacingOccurrences(of: ":", with: "-")),\(i % 2 == 0 ? "win10" : ""),\(i == 1 ? "1" : "0")\r\n"
        }
        let created = try await s.machines.importCSV(csv, by: admin)
        #expect(created.count == 200)
        #expect(try await s.machines.list().total == 200)
        let pc2 = try #require(try await s.machines.byName("PC2"))
        #expect(pc2.bootItems.count == 1)
        #expect(pc2.defaultBootItem == pc2.bootItems.first)
        #expect(try await s.machines.byName("pc1")?.superWorkstation == true)
        let events = try await s.events.list(action: "machine.import")
        #expect(events.items.first?.detail == "200 machines imported")
    }

    @Test func errorsOnLinesThreeAndSevenStoreNothing() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.seedBootItems()
        let csv = """
        host_name,ip,mac,default_menu,super_tube
        pc1,10.0.0.1,\(mac(1)),win10,0
        pc 2,10.0.0.2,\(mac(2)),win10,0
        pc3,10.0.0.3,\(mac(3)),,false
        pc4,,\(mac(4)),local,true
        pc5,10.0.0.5,\(mac(5)),,
        pc6,10.0.0.6,52:54:00:zz:00:06,nosuchitem,2
        """
        let fields = await invalidFields { _ = try await s.machines.importCSV(csv, by: admin) }
        #expect(Set(fields) == ["lines[3].host_name", "lines[7].mac", "lines[7].default_menu", "lines[7].super_tube"])
        #expect(try await s.machines.list().total == 0)
        let failures = try await s.events.list(action: "machine.import", outcome: "failure")
        #expect(failures.total == 1)
    }

    @Test func catchesDuplicatesInTheFileAndAgainstTheDatabase() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.machines.create(MachineInput(name: "old", mac: mac(100), ip: "10.0.0.100"), by: admin)
        let csv = """
        a,10.0.0.1,\(mac(1)),,0
        A,10.0.0.2,\(mac(2)),,0
        b,10.0.0.1,\(mac(1).uppercased()),,0
        OLD,10.0.0.100,\(mac(100)),,0
        c,1.2.3.4,\(mac(3)),,0,extra
        """
        let fields = await invalidFields { _ = try await s.machines.importCSV(csv, by: admin) }
        #expect(Set(fields) == ["lines[2].host_name", "lines[3].ip", "lines[3].mac", "lines[4].host_name", "lines[4].ip",
                                "lines[4].mac", "lines[5]"])
        #expect(try await s.machines.list().total == 1)
    }

    @Test func quotedFieldsAndNoHeaderWork() async throws {
        let s = try ServiceContainer.temporary()
        let created = try await s.machines.importCSV("\"pc1\", 10.0.0.1 ,\(mac(1)),,\"0\"\n\n", by: admin)
        #expect(created.map(\.name) == ["pc1"])
        #expect(created.first?.ip?.description == "10.0.0.1")
        let fields = await invalidFields { _ = try await s.machines.importCSV("\"pc\"\"2\",,\(mac(2)),,0", by: admin) }
        #expect(fields == ["lines[1].host_name"])
        #expect(await invalidFields { _ = try await s.machines.importCSV("host_name,ip,mac,default_menu,super_tube\n", by: admin) } == ["lines"])
    }
}

import Domain
import Foundation
import Services
import Testing

/// One super workstation per image (issue 15, item 10), on every path that can set it: machine
/// create and update, CSV import, and a boot item change; real SQLite. (Thrift: ThriftTests; REST
/// and the console's message: APITests and the abuse-data tier.)
@Suite struct SuperWorkstationTests {
    /// The 422 of `body`: its fields and the message.
    func refusal(_ body: () async throws -> Void) async -> (fields: [String], message: String) {
        do {
            try await body()
        } catch let ServiceError.validation(e) {
            return (e.errors.map(\.field), e.description)
        } catch {
            return (["unexpected: \(error)"], "")
        }
        return ([], "")
    }

    @Test func aSecondSuperWorkstationOfAnImageIsRefusedNamingTheHolder() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        let holder = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1), bootItems: [seed.iscsi.id],
                                                              superWorkstation: true), by: admin)
        // Create: refused, nothing stored.
        let created = await refusal {
            _ = try await s.machines.create(MachineInput(name: "pc2", mac: mac(2), bootItems: [seed.iscsi.id],
                                                         superWorkstation: true), by: admin)
        }
        #expect(created.fields == ["superWorkstation"])
        #expect(created.message.contains("pc1") && created.message.contains("machine/\(holder.id)") && created.message.contains("win10"),
                "\(created.message)")
        #expect(try await s.machines.byName("pc2") == nil)

        // Update: an ordinary machine of the image cannot become one either; the holder can stay one.
        let pc2 = try await s.machines.create(MachineInput(name: "pc2", mac: mac(2), bootItems: [seed.iscsi.id]), by: admin)
        var input = MachineInput(pc2)
        input.superWorkstation = true
        #expect(await refusal { _ = try await s.machines.update(id: pc2.id, input, by: admin) }.fields == ["superWorkstation"])
        #expect(try await s.machines.get(id: pc2.id).superWorkstation == false)
        var again = MachineInput(holder)
        again.notes = "still the holder"
        _ = try await s.machines.update(id: holder.id, again, by: admin)

        // Once the holder lets go, another machine may take over.
        var release = MachineInput(try await s.machines.get(id: holder.id))
        release.superWorkstation = false
        _ = try await s.machines.update(id: holder.id, release, by: admin)
        _ = try await s.machines.update(id: pc2.id, input, by: admin)
        #expect(try await s.machines.get(id: pc2.id).superWorkstation == true)

        // A super workstation of another image does not collide; a boot item change that would
        // give win10 a second one is refused.
        let other = try await s.images.create(ImageInput(name: "linux", kind: "os", sizeMiB: 64), by: admin)
        let item = try await s.bootItems.create(BootItemInput(name: "linux", label: "Linux", kind: "iscsi", osImage: other.id), by: admin)
        _ = try await s.machines.create(MachineInput(name: "pc3", mac: mac(3), bootItems: [item.id], superWorkstation: true), by: admin)
        let changed = await refusal {
            _ = try await s.bootItems.update(id: item.id, BootItemInput(name: "linux", label: "Linux", kind: "iscsi", osImage: seed.os.id), by: admin)
        }
        #expect(changed.fields == ["osImage"], "\(changed)")
        #expect(try await s.bootItems.get(id: item.id).osImage == other.id)
    }

    @Test func csvImportRefusesTwoSuperWorkstationsOfOneImage() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.seedBootItems()
        let csv = """
        host_name,ip,mac,default_menu,super_tube
        pc1,,\(mac(1)),win10,1
        pc2,,\(mac(2)),win10,0
        pc3,,\(mac(3)),win10,1
        """
        let refused = await refusal { _ = try await s.machines.importCSV(csv, by: admin) }
        #expect(refused.fields == ["lines[4].super_tube"], "\(refused)")
        #expect(refused.message.contains("pc1"))
        #expect(try await s.machines.list().total == 0)

        // Against a stored holder too.
        _ = try await s.machines.importCSV("pc1,,\(mac(1)),win10,1\n", by: admin)
        #expect(await refusal { _ = try await s.machines.importCSV("pc9,,\(mac(9)),win10,true\n", by: admin) }.fields
                == ["lines[1].super_tube"])
    }
}

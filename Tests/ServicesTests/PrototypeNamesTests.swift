import Domain
import Foundation
import Services
import Testing

/// Host names as the prototype allowed them (`^\w+$`): accepted, mapped to a valid IQN, and two
/// names that would share a target refused with both named.
@Suite struct PrototypeNamesTests {
    @Test func hostUnderscore01IsAcceptedAndItsTargetIQNIsValid() async throws {
        let s = try ServiceContainer.temporary()
        let m = try await s.machines.create(MachineInput(name: "host_01", mac: mac(1)), by: admin)
        #expect(m.name == "host_01")
        let iqn = ISCSINames.target(prefix: "iqn.2022-10.org.dbc.iscsi", machineName: m.name)
        #expect(iqn == "iqn.2022-10.org.dbc.iscsi:host-01")
        #expect(try Validate.iqn(iqn) == iqn)
        #expect(try await s.machines.byTargetHostPart("host-01")?.id == m.id)
    }

    @Test func namesThatWouldShareATargetAreRefusedNamingBoth() async throws {
        let s = try ServiceContainer.temporary()
        let first = try await s.machines.create(MachineInput(name: "host_01", mac: mac(1)), by: admin)
        await #expect {
            _ = try await s.machines.create(MachineInput(name: "HOST-01", mac: mac(2)), by: admin)
        } throws: { error in
            guard case ServiceError.validation(let v) = error, let e = v.errors.first else { return false }
            return e.field == "name" && e.message.contains("HOST-01") && e.message.contains("host_01")
                && e.message.contains("machine/\(first.id)")
        }
        // Renaming the machine itself to another spelling of the same target is fine.
        var input = MachineInput(first)
        input.name = "Host-01"
        #expect(try await s.machines.update(id: first.id, input, by: admin).name == "Host-01")
        #expect(try await s.machines.list().total == 1)
    }

    @Test func aCSVWithTwoSpellingsOfOneTargetImportsNothing() async throws {
        let s = try ServiceContainer.temporary()
        let csv = "host_name,ip,mac,default_menu,super_tube\nhost_01,,\(mac(1)),,0\nhost-01,,\(mac(2)),,0\n"
        let fields = await invalidFields { _ = try await s.machines.importCSV(csv, by: admin) }
        #expect(fields.count == 1 && fields.first?.hasSuffix("host_name") == true)
        #expect(try await s.machines.list().total == 0)
    }

    @Test func theSmyooPasswordIsKeptWhenLeftOutAndRemovedWhenEmpty() async throws {
        let s = try ServiceContainer.temporary()
        var doc = try await s.settings.get()
        doc.power.smyoo = SmyooSettings(baseURL: "http://127.0.0.1:1", phone: "13800000000", password: "pw-ok")
        _ = try await s.settings.update(doc, by: admin)
        doc = try await s.settings.get()
        #expect(doc.redacted().power.smyoo.password == nil && doc.redacted().power.smyoo.passwordSet)
        var without = doc.redacted()
        without.power.smyoo.phone = "13900000000"
        _ = try await s.settings.update(without, by: admin)
        #expect(try await s.settings.get().power.smyoo.password == "pw-ok")
        without.power.smyoo.password = ""
        _ = try await s.settings.update(without, by: admin)
        #expect(try await s.settings.get().power.smyoo.password == nil)
        let encoded = String(decoding: try JSONEncoder().encode(doc.redacted()), as: UTF8.self)
        #expect(!encoded.contains("pw-ok") && encoded.contains("\"passwordSet\":true"))
        var bad = doc
        bad.power.smyoo.baseURL = "file:///etc/passwd"
        bad.power.smyoo.phone = "12ab"
        let fields = await invalidFields { _ = try await s.settings.update(bad, by: admin) }
        #expect(Set(fields) == ["power.smyoo.baseURL", "power.smyoo.phone"])
    }
}

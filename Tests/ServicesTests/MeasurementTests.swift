import Domain
import Foundation
import Services
import Testing

/// Prints how long common operations take on a real SQLite file (numbers for the report; no
/// timing assertions: the machine is shared).
@Suite struct MeasurementTests {
    func ms(_ start: Date) -> String { String(format: "%.1f ms", Date().timeIntervalSince(start) * 1000) }

    @Test func measureCommonOperations() async throws {
        let s = try ServiceContainer.temporary()
        var csv = ""
        for i in 1...1000 { csv += "pc\(i),10.2.\(i / 250).\(i % 250 + 1),\(mac(i)),,0\n" }
        var t = Date()
        let created = try await s.machines.importCSV(csv, by: admin)
        print("measure: CSV import of 1000 lines: \(ms(t))")
        #expect(created.count == 1000)

        t = Date()
        for i in 0..<200 { _ = try await s.machines.create(MachineInput(name: "x\(i)", mac: mac(5000 + i)), by: admin) }
        print("measure: 200 sequential machine creates: \(ms(t)) (each with its event)")

        t = Date()
        for _ in 0..<100 { _ = try await s.machines.list(MachineQuery(q: "pc1", sort: "-ip", limit: 50)) }
        print("measure: 100 filtered list pages of 50 over 1200 machines: \(ms(t))")

        try await s.auth.setPassword(username: "alice", password: "s3cret-pass")
        let login = try await s.auth.login(username: "alice", password: "s3cret-pass", remote: "r")
        t = Date()
        for _ in 0..<1000 { _ = try await s.auth.session(id: login.id) }
        print("measure: 1000 session lookups: \(ms(t))")

        t = Date()
        for _ in 0..<200 { _ = try await s.machines.recordBootPhase(mac: MACAddress(mac(7))!, phase: .script) }
        print("measure: 200 boot events: \(ms(t))")
        #expect(try await s.events.bootsPerHour().last?.count == 200)
    }
}

import Domain
import Store
import Testing

/// The machine list's queries read an index in sort order (no full scan, no temporary B-tree
/// sort of every row): at 10,000 machines a sort of the whole table made a filtered page cost
/// tens of milliseconds (`bench/api`). The SQL shapes are those `StoreTx.machines(_:)` builds.
@Suite struct MachineListIndexTests {
    static let shapes: [(String, String)] = [
        ("status filter, by name", "SELECT * FROM machines WHERE status = 'unknown' ORDER BY name COLLATE NOCASE DESC, id DESC LIMIT 100 OFFSET 3000"),
        ("group filter, by name", "SELECT * FROM machines WHERE groupName = 'lab' ORDER BY name COLLATE NOCASE ASC, id ASC LIMIT 50 OFFSET 0"),
        ("by IP", "SELECT * FROM machines WHERE 1 ORDER BY ipOrder ASC, id ASC LIMIT 50 OFFSET 9950"),
        ("by last boot", "SELECT * FROM machines WHERE 1 ORDER BY lastBootAt DESC, id DESC LIMIT 50 OFFSET 0"),
        ("by name", "SELECT * FROM machines WHERE 1 ORDER BY name COLLATE NOCASE ASC, id ASC LIMIT 50 OFFSET 0"),
        ("status count", "SELECT COUNT(*) FROM machines WHERE status = 'unknown'"),
    ]

    @Test(arguments: shapes.indices)
    func aListShapeReadsAnIndexInOrder(index: Int) async throws {
        let (label, sql) = Self.shapes[index]
        let store = try AppStore.temporary()
        let plan = try await store.queryPlan(sql)
        #expect(!plan.isEmpty)
        #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(label) sorts every row: \(plan)")
        #expect(plan.contains { $0.contains("INDEX") }, "\(label) reads no index: \(plan)")
    }

    @Test func aFilteredPageComesInNameOrder() async throws {
        let store = try AppStore.temporary()
        try await store.write { tx in
            for (i, name) in ["pc-c", "PC-a", "pc-b", "pc-d"].enumerated() {
                var m = Machine(name: name, mac: MACAddress("52:54:00:00:01:0\(i)")!)
                m.group = i == 3 ? "other" : "lab"
                _ = try tx.insertMachine(m)
            }
        }
        let page = try await store.read { tx in try tx.machines(MachineListQuery(group: "lab", descending: true, limit: 2)) }
        #expect(page.items.map(\.name) == ["pc-c", "pc-b"])
        #expect(page.total == 3)
    }
}

import Domain
import Testing

@Suite struct MachineDisksTests {
    @Test func lunOrderFollowsTheMenuWithoutRepeats() throws {
        let mac = try #require(MACAddress("52:54:00:aa:bb:01"))
        let items: [Int64: BootItem] = [
            1: BootItem(id: 1, name: "win10", label: "", kind: .iscsi, osImage: 10, dataImages: [20, 21]),
            2: BootItem(id: 2, name: "local", label: "", kind: .local),
            3: BootItem(id: 3, name: "win11", label: "", kind: .iscsi, osImage: 11, dataImages: [20]),
        ]
        let machine = Machine(name: "pc01", mac: mac, bootItems: [3, 2, 1])
        #expect(MachineDisks.images(machine: machine, items: items) == [11, 20, 10, 21])
        #expect(MachineDisks.lun(of: 10, machine: machine, items: items, firstLUN: 1) == 3)
        #expect(MachineDisks.lun(of: 11, machine: machine, items: items, firstLUN: 0) == 0)
        #expect(MachineDisks.lun(of: 99, machine: machine, items: items, firstLUN: 1) == nil)
    }
}

import Domain
import Testing

@Suite struct BootOwnershipTests {
    let pc01 = MACAddress("52:54:00:aa:bb:01")!
    let pc02 = MACAddress("52:54:00:aa:bb:02")!
    var table: [IPv4Address: MACAddress] {
        [IPv4Address(10, 0, 0, 101): pc01, IPv4Address(10, 0, 0, 102): pc02]
    }

    @Test func theMachineItselfIsTheOneTheNeighbourTableNames() {
        let t = table
        #expect(BootOwnership.judge(mac: pc01, client: IPv4Address(10, 0, 0, 101), trustAnyClient: false,
                                    neighbour: { t[$0] }) == .machineItself)
    }

    @Test func anotherMachinesAddressIsAStranger() {
        let t = table
        let verdict = BootOwnership.judge(mac: pc01, client: IPv4Address(10, 0, 0, 102), trustAnyClient: false, neighbour: { t[$0] })
        #expect(verdict == .stranger(reason: "10.0.0.102 belongs to 52:54:00:aa:bb:02"))
        #expect(!verdict.isMachine)
    }

    @Test func anAddressOffTheLANOrUnknownIsAStranger() {
        let t = table
        #expect(!BootOwnership.judge(mac: pc01, client: IPv4Address(192, 168, 9, 9), trustAnyClient: false,
                                     neighbour: { t[$0] }).isMachine)
        #expect(!BootOwnership.judge(mac: pc01, client: nil, trustAnyClient: false, neighbour: { t[$0] }).isMachine)
    }

    @Test func theLabSettingTrustsAnyone() {
        #expect(BootOwnership.judge(mac: pc01, client: nil, trustAnyClient: true, neighbour: { _ in nil }) == .anyClientTrusted)
        #expect(BootOwnership.judge(mac: pc01, client: IPv4Address(10, 0, 0, 102), trustAnyClient: true,
                                    neighbour: { _ in pc02 }).isMachine)
    }
}

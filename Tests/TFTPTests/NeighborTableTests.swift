import Domain
import Testing
@testable import TFTP

@Suite struct NeighborTableTests {
    @Test func completeEntriesOfTheKernelTableAreRead() {
        let text = """
        IP address       HW type     Flags       HW address            Mask     Device
        10.0.0.150       0x1         0x2         52:54:00:12:34:56     *        br0
        10.0.0.151       0x1         0x0         00:00:00:00:00:00     *        br0
        garbage
        """
        #expect(NeighborTable.parse(text) == [IPv4Address(10, 0, 0, 150): MACAddress("52:54:00:12:34:56")!])
    }
}

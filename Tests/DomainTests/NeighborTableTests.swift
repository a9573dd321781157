import Domain
import Foundation
import Testing

@Suite struct NeighborTableTests {
    static let text = """
    IP address       HW type     Flags       HW address            Mask     Device
    10.0.0.150       0x1         0x2         52:54:00:12:34:56     *        br0
    10.0.0.151       0x1         0x0         00:00:00:00:00:00     *        br0
    10.0.0.15        0x1         0x2         52:54:00:00:00:15     *        br0
    garbage
    """

    @Test func completeEntriesOfTheKernelTableAreRead() {
        #expect(NeighborTable.parse(Self.text) == [IPv4Address(10, 0, 0, 150): MACAddress("52:54:00:12:34:56")!,
                                                  IPv4Address(10, 0, 0, 15): MACAddress("52:54:00:00:00:15")!])
    }

    @Test func lookupFindsTheExactAddressOnly() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("arp-\(UUID().uuidString)")
        try Self.text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let table = NeighborTable(path: file.path)
        #expect(table.mac(for: IPv4Address(10, 0, 0, 15)) == MACAddress("52:54:00:00:00:15"))
        #expect(table.mac(for: IPv4Address(10, 0, 0, 150)) == MACAddress("52:54:00:12:34:56"))
        #expect(table.mac(for: IPv4Address(10, 0, 0, 151)) == nil, "incomplete")
        #expect(table.mac(for: IPv4Address(10, 0, 0, 1)) == nil)
        #expect(NeighborTable(path: "/nonexistent/arp").mac(for: IPv4Address(10, 0, 0, 15)) == nil)
    }
}

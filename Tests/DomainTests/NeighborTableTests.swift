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

    /// A table far larger than one page (the kernel's /proc files come a page at a time).
    @Test func entriesPastTheFirstPagesAreFound() throws {
        var text = "IP address       HW type     Flags       HW address            Mask     Device\n"
        for i in 0..<1000 {
            text += "10.88.\(i / 250).\(i % 250 + 1)   0x1   0x2   52:54:00:5e:\(String(format: "%02x:%02x", i / 256, i % 256))   *   br0\n"
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("arp-\(UUID().uuidString)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(NeighborTable(path: file.path).mac(for: IPv4Address(10, 88, 3, 250)) == MACAddress("52:54:00:5e:03:e7"))
    }
}

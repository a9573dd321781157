import Domain
import Foundation

/// The kernel's IPv4 neighbour (ARP) table, to learn which MAC a TFTP client address belongs to.
/// On the client's LAN the kernel has just resolved it to answer the transfer, so the entry is
/// there even for machines whose address the site's DHCP server handed out.
public struct NeighborTable: Sendable {
    /// `/proc/net/arp`, or another file in its format (tests).
    public var path: String

    public init(path: String = "/proc/net/arp") {
        self.path = path
    }

    /// The MAC of `address`, or nil when the kernel has no complete entry for it.
    public func mac(for address: IPv4Address) -> MACAddress? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return Self.parse(text)[address]
    }

    /// Parses the table:
    /// ```
    /// IP address       HW type     Flags       HW address            Mask     Device
    /// 10.0.0.150       0x1         0x2         52:54:00:12:34:56     *        br0
    /// ```
    /// Only complete entries (flag 0x2, ATF_COM) count; an incomplete one has a zero MAC.
    static func parse(_ text: String) -> [IPv4Address: MACAddress] {
        var table: [IPv4Address: MACAddress] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count >= 4, let ip = IPv4Address(String(fields[0])),
                  let flags = Int(fields[2].dropFirst(2), radix: 16), flags & 0x2 != 0,
                  let mac = MACAddress(String(fields[3])) else { continue }
            table[ip] = mac
        }
        return table
    }
}

import Foundation

/// The kernel's IPv4 neighbour (ARP) table: which MAC a client address on the LAN belongs to.
/// The TFTP server learns a client's MAC from it; the boot endpoints use it to tell whether a
/// request for a machine's script comes from that machine (`BootOwnership`). The kernel has
/// just resolved the entry to answer the client (a TCP handshake or a TFTP reply needs it), so
/// it is there for every client on the server's own LAN, whoever handed out its address.
public struct NeighborTable: Sendable {
    /// `/proc/net/arp`, or another file in its format (tests).
    public var path: String

    public init(path: String = "/proc/net/arp") {
        self.path = path
    }

    /// The MAC of `address`, or nil when the kernel has no complete entry for it.
    public func mac(for address: IPv4Address) -> MACAddress? {
        guard let text = Self.read(path) else { return nil }
        return Self.lookup(address.description, in: text)
    }

    /// The whole file, read until EOF. `/proc` files report size 0 and are produced a page at a
    /// time; `String(contentsOfFile:)` returned only the first 4 KiB of `/proc/net/arp` (about
    /// 50 entries), which the boot-storm tier caught with 300 clients.
    public static func read(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while bytes.count < 16 << 20 {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses the table:
    /// ```
    /// IP address       HW type     Flags       HW address            Mask     Device
    /// 10.0.0.150       0x1         0x2         52:54:00:12:34:56     *        br0
    /// ```
    /// Only complete entries (flag 0x2, ATF_COM) count; an incomplete one has a zero MAC.
    public static func parse(_ text: String) -> [IPv4Address: MACAddress] {
        var table: [IPv4Address: MACAddress] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            guard let (ip, mac) = entry(line) else { continue }
            table[ip] = mac
        }
        return table
    }

    /// The complete entry for the dotted quad `address` (one pass, stops at the first match:
    /// a boot storm reads the table once per script request).
    static func lookup(_ address: String, in text: String) -> MACAddress? {
        let prefix = address + " "
        for line in text.split(separator: "\n").dropFirst() where line.hasPrefix(prefix) {
            if let (_, mac) = entry(line) { return mac }
        }
        return nil
    }

    static func entry(_ line: Substring) -> (IPv4Address, MACAddress)? {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard fields.count >= 4, let ip = IPv4Address(String(fields[0])),
              let flags = Int(fields[2].dropFirst(2), radix: 16), flags & 0x2 != 0,
              let mac = MACAddress(String(fields[3])) else { return nil }
        return (ip, mac)
    }
}

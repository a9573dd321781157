import Domain
import NIOCore
@testable import ProxyDHCP

/// Builders for the requests PXE firmware and iPXE send, as the tests need them.
enum PXEPackets {
    static let mac = MACAddress("52:54:00:12:34:56")!
    static let uuid: [UInt8] = [0] + (1 ... 16).map { UInt8($0) }

    /// A DISCOVER (or other type) the way firmware sends it: option 60 PXEClient, 93 arch, 97 uuid.
    static func request(_ type: DHCPMessageType = .discover, arch: UInt16 = 0, ipxe: IPXEMarker = .none,
                        mac: MACAddress = mac, vendor: String? = nil, extra: [DHCPOption] = []) -> DHCPPacket {
        var options = [
            DHCPOption(.messageType, [type.rawValue]),
            DHCPOption(.vendorClass, Array((vendor ?? "PXEClient:Arch:\(fiveDigits(arch)):UNDI:002001").utf8)),
            DHCPOption(.clientArchitecture, [UInt8(arch >> 8), UInt8(arch & 0xFF)]),
            DHCPOption(.clientUUID, uuid),
        ]
        switch ipxe {
        case .none: break
        case .userClass: options.append(DHCPOption(.userClass, Array("iPXE".utf8)))
        case .rfc3004UserClass: options.append(DHCPOption(.userClass, [4] + Array("iPXE".utf8)))
        case .option175: options.append(DHCPOption(.ipxeEncapsulated, [0x13, 1, 1]))
        }
        var packet = DHCPPacket(op: DHCPPacket.bootRequest, xid: 0xCAFE_F00D, chaddr: mac.bytes + [UInt8](repeating: 0, count: 10),
                                options: options + extra)
        packet.flags = DHCPPacket.broadcastFlag
        return packet
    }

    enum IPXEMarker: CaseIterable, Sendable { case none, userClass, rfc3004UserClass, option175 }

    static func bytes(_ packet: DHCPPacket) -> ByteBuffer {
        (try? packet.encoded()) ?? ByteBuffer()
    }
}

/// Five decimal digits, as in "PXEClient:Arch:00007".
func fiveDigits(_ value: UInt16) -> String {
    let digits = "\(value)"
    return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
}

import Domain
import NIOCore
import Testing
@testable import ProxyDHCP

@Suite struct DHCPPacketTests {
    /// The whole reply, byte for byte: header, padded fields, cookie, options, end, padding to 300.
    @Test func aProxyOfferEncodesToGoldenBytes() throws {
        var reply = DHCPPacket(op: 2, xid: 0x0102_0304, chaddr: [0x52, 0x54, 0, 0x12, 0x34, 0x56] + [UInt8](repeating: 0, count: 10),
                               options: [DHCPOption(.messageType, [2]), DHCPOption(.serverIdentifier, [10, 0, 0, 2]),
                                         DHCPOption(.vendorClass, Array("PXEClient".utf8)),
                                         DHCPOption(.vendorSpecific, [6, 1, 8, 255])])
        reply.flags = 0x8000
        reply.siaddr = IPv4Address(10, 0, 0, 2)
        reply.file = "undionly.kpxe"
        var expected: [UInt8] = [2, 1, 6, 0, 1, 2, 3, 4, 0, 0, 0x80, 0]
        expected += [0, 0, 0, 0] + [0, 0, 0, 0] + [10, 0, 0, 2] + [0, 0, 0, 0]
        expected += [0x52, 0x54, 0, 0x12, 0x34, 0x56] + [UInt8](repeating: 0, count: 10)
        expected += [UInt8](repeating: 0, count: 64)
        expected += Array("undionly.kpxe".utf8) + [UInt8](repeating: 0, count: 128 - 13)
        expected += [99, 130, 83, 99]
        expected += [53, 1, 2, 54, 4, 10, 0, 0, 2, 60, 9] + Array("PXEClient".utf8) + [43, 4, 6, 1, 8, 255, 255]
        expected += [UInt8](repeating: 0, count: 300 - expected.count)
        var bytes = try reply.encoded()
        #expect(bytes.readBytes(length: bytes.readableBytes) == expected)
    }

    @Test func aRequestRoundTripsThroughTheCodec() throws {
        let packet = PXEPackets.request(.request, arch: 7, ipxe: .option175)
        #expect(DHCPPacket(decoding: try packet.encoded()) == packet)
    }

    @Test func padOptionsAreSkippedAndAMissingEndIsTolerated() {
        var b = PXEPackets.bytes(DHCPPacket(op: 1, xid: 9, chaddr: [UInt8](repeating: 1, count: 16)))
        b.moveWriterIndex(to: 240)
        b.writeBytes([0, 0, 53, 1, 1])
        #expect(DHCPPacket(decoding: b)?.messageType == .discover)
    }

    @Test func malformedPacketsDecodeToNil() {
        let good = PXEPackets.bytes(PXEPackets.request())
        #expect(DHCPPacket(decoding: good.getSlice(at: 0, length: 239)!) == nil)  // short
        var badCookie = good
        badCookie.setInteger(UInt32(0xDEAD_BEEF), at: 236)
        #expect(DHCPPacket(decoding: badCookie) == nil)
        var truncated = good.getSlice(at: 0, length: 240)!
        truncated.writeBytes([60, 20, 65, 66])  // says 20 bytes, has 2
        #expect(DHCPPacket(decoding: truncated) == nil)
        #expect(DHCPPacket(decoding: ByteBuffer()) == nil)
    }

    @Test func fieldsThatDoNotFitAreRefused() {
        var p = DHCPPacket(op: 2, xid: 1, chaddr: [])
        p.file = String(repeating: "x", count: 128)
        #expect(throws: ProxyDHCPError.fieldTooLong("file", p.file)) { try p.encoded() }
    }
}

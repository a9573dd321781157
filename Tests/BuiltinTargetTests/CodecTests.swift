import BuiltinTarget
import NIOCore
import Testing

@Suite struct CodecTests {
    @Test func crc32cMatchesTheKnownCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.wire(0xE306_9283) == [0x83, 0x92, 0x06, 0xE3])
    }

    @Test func textParametersRoundTripInOrder() throws {
        let bytes = Array("InitiatorName=iqn.x\0SessionType=Discovery\0".utf8)
        let parsed = try #require(TextParameters.parse(bytes))
        #expect(parsed["SessionType"] == "Discovery")
        #expect(parsed.pairs.map(\.key) == ["InitiatorName", "SessionType"])
        #expect(parsed.encoded == bytes)
        #expect(TextParameters.parse(Array("novalue\0".utf8)) == nil)
    }

    @Test func framerCutsPaddedPDUsWithDigestsAndWaitsForMore() throws {
        var framer = PDUFramer()
        framer.headerDigest = true
        framer.dataDigest = true
        var pdu = PDU(opcode: .nopIn, data: [1, 2, 3, 4, 5])
        pdu.initiatorTaskTag = 42
        var wire = ByteBuffer()
        framer.write(pdu, into: &wire)
        #expect(wire.readableBytes == 48 + 4 + 8 + 4)
        var partial = wire.getSlice(at: 0, length: 50)!
        #expect(try framer.next(from: &partial) == nil)
        let decoded = try #require(try framer.next(from: &wire))
        #expect(decoded.initiatorTaskTag == 42)
        #expect(decoded.data == [1, 2, 3, 4, 5])
        #expect(wire.readableBytes == 0)
    }

    @Test func aCorruptDataDigestIsReported() throws {
        var framer = PDUFramer()
        framer.dataDigest = true
        var wire = ByteBuffer()
        framer.write(PDU(opcode: .dataOut, data: [9, 9, 9, 9]), into: &wire)
        wire.setInteger(UInt8(8), at: 48)
        #expect(throws: PDUFramer.FrameError.self) { try framer.next(from: &wire) }
    }
}

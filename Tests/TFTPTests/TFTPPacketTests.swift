import NIOCore
import Testing
@testable import TFTP

@Suite struct TFTPPacketTests {
    private func bytes(_ packet: TFTPPacket) -> [UInt8] {
        var buffer = packet.encoded()
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    private func decode(_ bytes: [UInt8]) -> TFTPPacket? {
        TFTPPacket(decoding: ByteBuffer(bytes: bytes))
    }

    @Test func readRequestWithOptionsDecodesLowerCasingModeAndOptionNames() {
        let wire: [UInt8] = [0, 1] + Array("boot/ipxe.efi".utf8) + [0] + Array("OCTET".utf8) + [0]
            + Array("BlkSize".utf8) + [0] + Array("1468".utf8) + [0] + Array("tsize".utf8) + [0, UInt8(ascii: "0"), 0]
        let expected = TFTPRequest(fileName: "boot/ipxe.efi", mode: "octet",
                                   options: [TFTPOption("blksize", "1468"), TFTPOption("tsize", "0")])
        #expect(decode(wire) == .readRequest(expected))
    }

    @Test func optionAckEncodesToGoldenBytes() {
        let packet = TFTPPacket.optionAck([TFTPOption("blksize", "1468"), TFTPOption("tsize", "70")])
        #expect(bytes(packet) == [0, 6, 98, 108, 107, 115, 105, 122, 101, 0, 49, 52, 54, 56, 0, 116, 115, 105, 122, 101, 0, 55, 48, 0])
    }

    @Test func dataAckAndErrorEncodeToGoldenBytes() {
        #expect(bytes(.data(block: 0x0102, payload: [0xAA, 0xBB])) == [0, 3, 1, 2, 0xAA, 0xBB])
        #expect(bytes(.ack(block: 65535)) == [0, 4, 0xFF, 0xFF])
        #expect(bytes(.error(code: .fileNotFound, message: "no")) == [0, 5, 0, 1, 110, 111, 0])
    }

    @Test func everyPacketRoundTrips() {
        let packets: [TFTPPacket] = [
            .readRequest(TFTPRequest(fileName: "a", mode: "octet", options: [TFTPOption("windowsize", "16")])),
            .writeRequest(TFTPRequest(fileName: "b", mode: "netascii")),
            .data(block: 7, payload: Array(repeating: 1, count: 512)),
            .data(block: 8, payload: []),
            .ack(block: 0),
            .error(code: .optionRefused, message: "refused"),
            .optionAck([TFTPOption("tsize", "1")]),
        ]
        for packet in packets { #expect(decode(bytes(packet)) == packet) }
    }

    @Test(arguments: [
        [UInt8](),                                  // empty
        [0],                                        // half an opcode
        [0, 9, 1, 2],                               // unknown opcode
        [0, 1] + Array("file".utf8),               // no NUL after the name
        [0, 1] + Array("file".utf8) + [0],         // no mode
        [0, 1, 0x66, 0, 0x6F, 0x63, 0, 0x62, 0],   // option name without a value
        [0, 1, 0xFF, 0xFE, 0, 0x6F, 0],            // file name not UTF-8
        [0, 4, 1],                                  // short ACK
    ])
    func malformedPacketsDecodeToNil(wire: [UInt8]) {
        #expect(decode(wire) == nil)
    }

    @Test func trailingPaddingAfterOptionsIsAccepted() {
        let wire: [UInt8] = [0, 1] + Array("f".utf8) + [0] + Array("octet".utf8) + [0, 0, 0]
        #expect(decode(wire) == .readRequest(TFTPRequest(fileName: "f", mode: "octet")))
    }
}

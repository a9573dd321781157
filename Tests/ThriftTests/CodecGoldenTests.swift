import Testing
import ThriftCodec

/// Golden bytes produced by Debian's `thrift --gen py` client (TBinaryProtocol, strict) from
/// protocol/preset.thrift: the Swift codec must write and read exactly these.
@Suite struct CodecGoldenTests {
    static let handleMessageCall = hex("""
        800100010000000d68616e646c654d657373616765000000000c000108000101000001080002000000010b00030000
        00000b000400000004706330310000
        """)
    static let pingCall = hex("800100010000000470696e670000000000")

    @Test func aKnownMessageEncodesToThePythonClientsBytes() {
        let message = Message(version: 0x0100_0001, type: 33, body: [0x0b], host: "pc01")
        #expect(hexString(message.serialized()) == "08000101000001080002000000210b0003000000010b0b0004000000047063303100")
    }

    @Test func aBootMenuEncodesToThePythonClientsBytes() {
        #expect(hexString(BootMenu(menu: "win10", superTube: true).serialized()) == "0b00010000000577696e31300200020100")
    }

    @Test func theHandleMessageCallOfThePythonClientDecodes() throws {
        let call = try PresetCall.decode(Self.handleMessageCall)
        #expect(call.header == ThriftMessageHeader(name: "handleMessage", type: .call, sequenceID: 0, strict: true))
        #expect(call.method == .handleMessage(Message(type: 1, body: [], host: "pc01")))
        #expect(PresetReply.encodeCall(call.method, sequenceID: 0) == Self.handleMessageCall)
    }

    @Test func thePingCallRoundTrips() throws {
        let call = try PresetCall.decode(Self.pingCall)
        #expect(call.method == .ping)
        #expect(PresetReply.encodeCall(.ping, sequenceID: 0) == Self.pingCall)
    }

    @Test func aPongReplyHasTheResultInFieldZero() throws {
        let bytes = PresetReply.pong("pong").encode(name: "ping", sequenceID: 7)
        #expect(hexString(bytes) == "800100020000000470696e67000000070b00000000000470" + "6f6e6700")
        let (header, reply) = try PresetReply.decode(bytes)
        #expect(header.sequenceID == 7 && header.type == .reply)
        #expect(reply == .pong("pong"))
    }
}

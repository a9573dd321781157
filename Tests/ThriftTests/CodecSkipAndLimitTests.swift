import Testing
import ThriftCodec

@Suite struct CodecSkipAndLimitTests {
    /// A Message with unknown fields of every type before and after the known ones.
    static func messageWithUnknownFields() -> [UInt8] {
        var w = ThriftWriter()
        w.writeFieldBegin(.bool, id: 50); w.writeBool(true)
        w.writeFieldBegin(.byte, id: 51); w.writeByte(7)
        w.writeFieldBegin(.double, id: 52); w.writeDouble(1.5)
        w.writeFieldBegin(.i16, id: 53); w.writeI16(9)
        w.writeFieldBegin(.i64, id: 54); w.writeI64(-1)
        w.writeFieldBegin(.i32, id: 2); w.writeI32(32)
        w.writeFieldBegin(.string, id: 55); w.writeString("skip me")
        w.writeFieldBegin(.struct, id: 56)
        w.writeFieldBegin(.list, id: 1); w.writeListBegin(.i32, count: 2); w.writeI32(1); w.writeI32(2)
        w.writeFieldStop()
        w.writeFieldBegin(.map, id: 57); w.writeMapBegin(key: .string, value: .struct, count: 1)
        w.writeString("k"); w.writeFieldStop()
        w.writeFieldBegin(.set, id: 58); w.writeListBegin(.i64, count: 1); w.writeI64(3)
        w.writeFieldBegin(.uuid, id: 59); w.writeRaw([UInt8](repeating: 0xab, count: 16))
        w.writeFieldBegin(.i32, id: 3); w.writeI32(5) // known id, wrong type: skipped
        w.writeFieldBegin(.string, id: 4); w.writeString("pc01")
        w.writeFieldStop()
        return w.bytes
    }

    @Test func unknownFieldsOfEveryTypeAreSkipped() throws {
        let message = try Message(serialized: Self.messageWithUnknownFields())
        #expect(message == Message(version: 0, type: 32, body: [], host: "pc01"))
    }

    @Test func aMessageWithoutTypeIsRefused() {
        #expect(throws: ThriftError.invalidField("message.type is required")) {
            try Message(serialized: hex("0b00040000000470633031 00"))
        }
    }

    @Test func aHugeStringLengthIsRefusedBeforeAllocating() {
        let limits = ThriftLimits(maxStringSize: 1024)
        // Field 3 (string) announcing 0x7fffffff bytes.
        let bytes = hex("080002000000010b00037fffffff")
        #expect(throws: ThriftError.sizeLimit(what: "string", size: Int(Int32.max), limit: 1024)) {
            try Message(serialized: bytes, limits: limits)
        }
    }

    @Test func aNegativeLengthIsRefused() {
        #expect(throws: ThriftError.negativeSize(what: "string", size: -1)) {
            try Message(serialized: hex("0b0003ffffffff"))
        }
    }

    @Test func aHugeListIsRefused() {
        let limits = ThriftLimits(maxContainerCount: 10)
        #expect(throws: ThriftError.sizeLimit(what: "list", size: 11, limit: 10)) {
            try UserList(serialized: hex("0f00010b0000000b"), limits: limits)
        }
    }

    @Test func deepNestingIsRefused() {
        var w = ThriftWriter()
        for _ in 0..<40 { w.writeFieldBegin(.struct, id: 9) }
        var r = ThriftReader(w.bytes, limits: ThriftLimits(maxDepth: 16))
        #expect(throws: ThriftError.depthLimit(16)) { try r.skip(.struct) }
    }

    @Test func truncatedInputSaysHowManyBytesAreNeeded() {
        // Field 4 announces a 4-byte string but only 2 bytes follow.
        #expect(throws: ThriftError.truncated(needed: 11)) { try Message(serialized: hex("0b000400000004706300")) }
    }

    @Test func anUnknownTypeByteIsRefused() {
        #expect(throws: ThriftError.unknownType(0x63)) { try Message(serialized: hex("63000100")) }
    }

    @Test func trailingBytesAfterAStructAreRefused() {
        #expect(throws: ThriftError.self) { try BootMenu(serialized: hex("00ff")) }
    }

    @Test func theScannerFindsTheEndOfABufferedMessage() throws {
        let call = PresetReply.encodeCall(.handleMessage(Message(type: 1, host: "pc01")), sequenceID: 1)
        #expect(try ThriftMessageScanner.messageLength(in: call + [0x80, 0x01]) == call.count)
        #expect(throws: ThriftError.truncated(needed: call.count)) {
            try ThriftMessageScanner.messageLength(in: Array(call.dropLast()))
        }
    }
}

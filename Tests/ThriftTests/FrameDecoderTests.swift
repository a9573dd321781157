import NIOCore
import NIOEmbedded
import PresetThrift
import Testing
import ThriftCodec

@Suite struct FrameDecoderTests {
    static let ping = PresetReply.encodeCall(.ping, sequenceID: 1)
    static let handle = PresetReply.encodeCall(.handleMessage(Message(type: 32, host: "pc01")), sequenceID: 2)

    func channel(limits: ThriftLimits = .default) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(ThriftFrameDecoder(limits: limits)))
        return channel
    }

    @Test func bufferedMessagesAreSplitEvenWhenTheyArriveByteByByte() throws {
        let channel = try channel()
        for byte in Self.ping + Self.handle {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        #expect(try channel.readInbound(as: ThriftInbound.self) == .message(Self.ping, .buffered))
        #expect(try channel.readInbound(as: ThriftInbound.self) == .message(Self.handle, .buffered))
        #expect(try channel.readInbound(as: ThriftInbound.self) == nil)
        #expect(try channel.finish().isClean)
    }

    @Test func framedMessagesAreDetectedAndUnwrapped() throws {
        let channel = try channel()
        let bytes = ThriftTransport.framed.wrap(Self.ping) + ThriftTransport.framed.wrap(Self.handle)
        try channel.writeInbound(ByteBuffer(bytes: Array(bytes.prefix(6))))
        #expect(try channel.readInbound(as: ThriftInbound.self) == nil)
        try channel.writeInbound(ByteBuffer(bytes: Array(bytes.dropFirst(6))))
        #expect(try channel.readInbound(as: ThriftInbound.self) == .message(Self.ping, .framed))
        #expect(try channel.readInbound(as: ThriftInbound.self) == .message(Self.handle, .framed))
        #expect(try channel.finish().isClean)
    }

    @Test func framedNonStrictMessagesAreDetected() throws {
        let channel = try channel()
        let nonStrict = PresetReply.encodeCall(.ping, sequenceID: 4, strict: false)
        try channel.writeInbound(ByteBuffer(bytes: ThriftTransport.framed.wrap(nonStrict)))
        #expect(try channel.readInbound(as: ThriftInbound.self) == .message(nonStrict, .framed))
        _ = try channel.finish()
    }

    @Test func bufferedNonStrictMessagesAreDetected() throws {
        let channel = try channel()
        let nonStrict = PresetReply.encodeCall(.ping, sequenceID: 4, strict: false)
        try channel.writeInbound(ByteBuffer(bytes: nonStrict))
        #expect(try channel.readInbound(as: ThriftInbound.self) == .message(nonStrict, .buffered))
        _ = try channel.finish()
    }

    @Test func aHugeFrameLengthIsMalformedAndLaterBytesAreIgnored() throws {
        let channel = try channel(limits: ThriftLimits(maxMessageSize: 4096))
        try channel.writeInbound(ByteBuffer(bytes: hex("00100000 80010001") + Self.ping))
        guard case .malformed(let why, .framed) = try channel.readInbound(as: ThriftInbound.self) else {
            Issue.record("expected malformed framed input")
            return
        }
        #expect(why.contains("1048576"))
        try channel.writeInbound(ByteBuffer(bytes: Self.ping))
        #expect(try channel.readInbound(as: ThriftInbound.self) == nil)
        _ = try channel.finish()
    }

    @Test func randomGarbageIsMalformed() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(bytes: Array("GET / HTTP/1.1\r\n\r\n".utf8)))
        guard case .malformed = try channel.readInbound(as: ThriftInbound.self) else {
            Issue.record("expected malformed input")
            return
        }
        _ = try channel.finish()
    }

    @Test func aTruncatedMessageWaitsAndIsDroppedAtEOF() throws {
        let channel = try channel()
        try channel.writeInbound(ByteBuffer(bytes: Array(Self.handle.dropLast(3))))
        #expect(try channel.readInbound(as: ThriftInbound.self) == nil)
        _ = try channel.finish()
    }

    @Test func aBufferedMessageBeyondTheLimitIsMalformed() throws {
        let channel = try channel(limits: ThriftLimits(maxMessageSize: 64, maxStringSize: 1 << 20))
        let big = PresetReply.encodeCall(.handleMessage(Message(type: 3, body: [UInt8](repeating: 1, count: 500))), sequenceID: 1)
        try channel.writeInbound(ByteBuffer(bytes: Array(big.prefix(60))))
        guard case .malformed = try channel.readInbound(as: ThriftInbound.self) else {
            Issue.record("expected a size-limit failure")
            return
        }
        _ = try channel.finish()
    }
}

import PresetThrift
import Testing
import ThriftCodec

/// The resumable scanner must agree with the one-shot `ThriftMessageScanner` on every input,
/// however the bytes are cut into reads.
@Suite struct StreamScannerTests {
    /// A call whose args struct nests every kind of value.
    static func nestedCall(listCount: Int = 3, strict: Bool = true) -> [UInt8] {
        var w = ThriftWriter()
        w.writeMessageHeader(ThriftMessageHeader(name: "handleMessage", type: .call, sequenceID: 7, strict: strict))
        w.writeFieldBegin(.struct, id: 1)
        w.writeFieldBegin(.i32, id: 1); w.writeI32(5)
        w.writeFieldBegin(.string, id: 2); w.writeString("pc01")
        w.writeFieldBegin(.list, id: 3); w.writeListBegin(.i64, count: listCount)
        for i in 0..<listCount { w.writeI64(Int64(i)) }
        w.writeFieldBegin(.map, id: 4); w.writeMapBegin(key: .string, value: .struct, count: 2)
        for key in ["a", "b"] {
            w.writeString(key)
            w.writeFieldBegin(.double, id: 1); w.writeDouble(1.5)
            w.writeFieldBegin(.bool, id: 2); w.writeBool(true)
            w.writeFieldStop()
        }
        w.writeFieldBegin(.set, id: 5); w.writeListBegin(.i16, count: 0)
        w.writeFieldStop()
        w.writeFieldStop()
        return w.bytes
    }

    /// Feeds `bytes` in reads of `chunk` bytes, like the decoder does.
    static func scan(_ bytes: [UInt8], chunk: Int, limits: ThriftLimits = .default) -> ThriftStreamScanner.Progress {
        var scanner = ThriftStreamScanner(limits: limits)
        var end = 0
        while true {
            end = min(bytes.count, end + chunk)
            let progress = scanner.advance(Array(bytes[0..<end]))
            if progress != .needMore || end == bytes.count { return progress }
        }
    }

    @Test func agreesWithTheOneShotScannerForEveryReadSize() throws {
        for message in [Self.nestedCall(), Self.nestedCall(strict: false), PresetReply.encodeCall(.ping, sequenceID: 1)] {
            let expected = try ThriftMessageScanner.messageLength(in: message + [9, 9, 9])
            for chunk in [1, 2, 3, 7, 64, 10_000] {
                #expect(Self.scan(message + [9, 9, 9], chunk: chunk) == .complete(length: expected), "chunk \(chunk)")
            }
        }
    }

    @Test func aTruncatedMessageNeedsMore() {
        let message = Self.nestedCall()
        for cut in [0, 1, 5, message.count / 2, message.count - 1] {
            #expect(Self.scan(Array(message.prefix(cut)), chunk: 3) == .needMore)
        }
    }

    @Test func malformedInputIsRefusedLikeTheOneShotScanner() {
        let tooDeep = ThriftLimits(maxDepth: 2)
        let tooLong = ThriftLimits(maxMessageSize: 200)
        let cases: [([UInt8], ThriftLimits)] = [
            ([0x80, 0x02, 0x00, 0x01] + [UInt8](repeating: 0, count: 8), .default),          // version 2
            ([0x80, 0x01, 0x00, 0x09] + [UInt8](repeating: 0, count: 8), .default),          // message type 9
            (Self.nestedCall(), tooDeep),
            (Self.nestedCall(listCount: 100), tooLong),
            (Array(PresetReply.encodeCall(.ping, sequenceID: 1).dropLast()) + [0x7F, 0, 1] + [UInt8](repeating: 0, count: 8),
             .default),                                                                       // unknown field type
        ]
        for (bytes, limits) in cases {
            guard case .malformed = Self.scan(bytes, chunk: 5, limits: limits) else {
                Issue.record("not refused: \(bytes.prefix(12))"); continue
            }
            #expect(throws: ThriftError.self) { _ = try ThriftMessageScanner.messageLength(in: bytes, limits: limits) }
        }
    }

    @Test func aParserFedInSmallPiecesFindsEachMessageOnce() {
        var parser = ThriftFrameParser()
        let first = Self.nestedCall(listCount: 2000), second = PresetReply.encodeCall(.ping, sequenceID: 2)
        let stream = first + second
        var buffer: [UInt8] = []
        var found: [[UInt8]] = []
        for start in stride(from: 0, to: stream.count, by: 100) {
            buffer += stream[start..<min(stream.count, start + 100)]
            while buffer.count >= parser.needed, case .message(let bytes, let consumed) = parser.next(buffer) {
                found.append(bytes)
                buffer.removeFirst(consumed)
            }
        }
        #expect(found == [first, second])
    }
}

import NIOCore
import ThriftCodec

/// Thin NIO wrapper around `ThriftFrameParser`: moves bytes in, complete messages out.
/// After malformed input it emits one `.malformed` and swallows everything that follows; the
/// connection loop answers and closes.
public final class ThriftFrameDecoder: ByteToMessageDecoder {
    public typealias InboundOut = ThriftInbound

    private var parser: ThriftFrameParser
    private var failed = false

    public init(limits: ThriftLimits = .default, transport: ThriftTransport? = nil) {
        parser = ThriftFrameParser(limits: limits, transport: transport)
    }

    public func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if failed {
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return .needMoreData
        }
        // No copy: the parser reads the bytes in place and never walks the same bytes twice.
        guard buffer.readableBytes >= parser.needed else { return .needMoreData }
        let action = buffer.withUnsafeReadableBytes { parser.next($0) }
        switch action {
        case .needMore:
            return .needMoreData
        case .message(let bytes, let consumed):
            buffer.moveReaderIndex(forwardBy: consumed)
            context.fireChannelRead(wrapInboundOut(.message(bytes, parser.transport ?? .buffered)))
            return .continue
        case .malformed(let why):
            failed = true
            buffer.moveReaderIndex(to: buffer.writerIndex)
            context.fireChannelRead(wrapInboundOut(.malformed(why, parser.transport)))
            return .needMoreData
        }
    }

    public func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A message cut off by EOF can never complete; whatever is left is dropped.
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

@available(*, unavailable)
extension ThriftFrameDecoder: Sendable {}

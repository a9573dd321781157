import NIOCore

extension TFTPPacket {
    /// Decodes one datagram. Returns nil for anything malformed (unknown opcode, missing NUL
    /// terminator, odd option list, non-UTF-8 strings); the caller logs and drops it.
    public init?(decoding buffer: ByteBuffer) {
        var buffer = buffer
        guard let raw = buffer.readInteger(as: UInt16.self), let opcode = TFTPOpcode(rawValue: raw) else { return nil }
        switch opcode {
        case .readRequest, .writeRequest:
            guard let request = Self.readRequest(&buffer) else { return nil }
            self = opcode == .readRequest ? .readRequest(request) : .writeRequest(request)
        case .data:
            guard let block = buffer.readInteger(as: UInt16.self) else { return nil }
            self = .data(block: block, payload: buffer.readBytes(length: buffer.readableBytes) ?? [])
        case .ack:
            guard let block = buffer.readInteger(as: UInt16.self) else { return nil }
            self = .ack(block: block)
        case .error:
            guard let raw = buffer.readInteger(as: UInt16.self) else { return nil }
            // Some clients omit the terminating NUL of the message: accept what is there.
            let message = Self.readString(&buffer) ?? buffer.readString(length: buffer.readableBytes) ?? ""
            self = .error(code: TFTPErrorCode(rawValue: raw) ?? .notDefined, message: message)
        case .optionAck:
            guard let options = Self.readOptions(&buffer) else { return nil }
            self = .optionAck(options)
        }
    }

    /// Encodes the packet into `buffer`.
    public func encode(into buffer: inout ByteBuffer) {
        switch self {
        case .readRequest(let request), .writeRequest(let request):
            buffer.writeInteger(self.opcode.rawValue)
            Self.writeString(request.fileName, into: &buffer)
            Self.writeString(request.mode, into: &buffer)
            Self.writeOptions(request.options, into: &buffer)
        case .data(let block, let payload):
            buffer.writeInteger(TFTPOpcode.data.rawValue)
            buffer.writeInteger(block)
            buffer.writeBytes(payload)
        case .ack(let block):
            buffer.writeInteger(TFTPOpcode.ack.rawValue)
            buffer.writeInteger(block)
        case .error(let code, let message):
            buffer.writeInteger(TFTPOpcode.error.rawValue)
            buffer.writeInteger(code.rawValue)
            Self.writeString(message, into: &buffer)
        case .optionAck(let options):
            buffer.writeInteger(TFTPOpcode.optionAck.rawValue)
            Self.writeOptions(options, into: &buffer)
        }
    }

    /// The packet as a new buffer.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        encode(into: &buffer)
        return buffer
    }

    var opcode: TFTPOpcode {
        switch self {
        case .readRequest: .readRequest
        case .writeRequest: .writeRequest
        case .data: .data
        case .ack: .ack
        case .error: .error
        case .optionAck: .optionAck
        }
    }

    private static func readRequest(_ buffer: inout ByteBuffer) -> TFTPRequest? {
        guard let name = readString(&buffer), let mode = readString(&buffer),
              let options = readOptions(&buffer) else { return nil }
        return TFTPRequest(fileName: name, mode: mode.lowercased(), options: options)
    }

    /// Reads `name 0 value 0` pairs until the buffer is empty. A dangling name is malformed.
    private static func readOptions(_ buffer: inout ByteBuffer) -> [TFTPOption]? {
        var options: [TFTPOption] = []
        while buffer.readableBytes > 0 {
            // Some clients pad requests with trailing NULs: an empty name ends the list.
            if buffer.getInteger(at: buffer.readerIndex, as: UInt8.self) == 0 { break }
            guard let name = readString(&buffer), let value = readString(&buffer) else { return nil }
            options.append(TFTPOption(name.lowercased(), value))
        }
        return options
    }

    /// Reads a NUL-terminated UTF-8 string; nil when there is no terminator or the bytes are not UTF-8.
    private static func readString(_ buffer: inout ByteBuffer) -> String? {
        guard let view = buffer.readableBytesView.firstIndex(of: 0) else { return nil }
        let length = view - buffer.readerIndex
        guard let bytes = buffer.readBytes(length: length) else { return nil }
        buffer.moveReaderIndex(forwardBy: 1)
        return String(validating: bytes, as: UTF8.self)
    }

    private static func writeString(_ string: String, into buffer: inout ByteBuffer) {
        buffer.writeString(string)
        buffer.writeInteger(UInt8(0))
    }

    private static func writeOptions(_ options: [TFTPOption], into buffer: inout ByteBuffer) {
        for option in options {
            writeString(option.name, into: &buffer)
            writeString(option.value, into: &buffer)
        }
    }
}

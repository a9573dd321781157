import NIOCore

/// Cuts PDUs out of a TCP byte stream and writes them back, with padding to 4 bytes and the
/// CRC32C digests once negotiated. Pure: the handler feeds it bytes and gets PDUs or an error.
public struct PDUFramer: Sendable {
    public enum FrameError: Error, Equatable, Sendable {
        case headerDigestMismatch
        case dataDigestMismatch(header: [UInt8])
    }

    public var headerDigest = false
    public var dataDigest = false

    public init() {}

    /// The next whole PDU at the front of `buffer` (consumed), nil when more bytes are needed.
    public func next(from buffer: inout ByteBuffer) throws(FrameError) -> PDU? {
        guard buffer.readableBytes >= 48 else { return nil }
        let start = buffer.readerIndex
        let ahsLength = Int(buffer.getInteger(at: start + 4, as: UInt8.self)!) * 4
        let b5 = Int(buffer.getInteger(at: start + 5, as: UInt8.self)!)
        let b6 = Int(buffer.getInteger(at: start + 6, as: UInt8.self)!)
        let b7 = Int(buffer.getInteger(at: start + 7, as: UInt8.self)!)
        let dataLength = b5 << 16 | b6 << 8 | b7
        let padded = (dataLength + 3) & ~3
        let total = 48 + ahsLength + (headerDigest ? 4 : 0) + padded + (dataDigest && dataLength > 0 ? 4 : 0)
        guard buffer.readableBytes >= total else { return nil }

        let header = buffer.readBytes(length: 48)!
        let ahs = buffer.readBytes(length: ahsLength)!
        if headerDigest {
            let sent = buffer.readBytes(length: 4)!
            guard sent == CRC32C.wire(CRC32C.checksum(header + ahs)) else {
                buffer.moveReaderIndex(forwardBy: padded + (dataDigest && dataLength > 0 ? 4 : 0))
                throw .headerDigestMismatch
            }
        }
        let paddedData = buffer.readBytes(length: padded)!
        if dataDigest && dataLength > 0 {
            let sent = buffer.readBytes(length: 4)!
            guard sent == CRC32C.wire(CRC32C.checksum(paddedData)) else { throw .dataDigestMismatch(header: header) }
        }
        return PDU(header: header, ahs: ahs, data: Array(paddedData.prefix(dataLength)))
    }

    /// Appends `pdu` to `out` as it goes on the wire (lengths stamped, padding, digests).
    public func write(_ pdu: PDU, into out: inout ByteBuffer) {
        var pdu = pdu
        pdu.stampLengths()
        out.writeBytes(pdu.header)
        out.writeBytes(pdu.ahs)
        if headerDigest { out.writeBytes(CRC32C.wire(CRC32C.checksum(pdu.header + pdu.ahs))) }
        guard !pdu.data.isEmpty else { return }
        let pad = (4 - pdu.data.count % 4) % 4
        let dataStart = out.writerIndex
        out.writeBytes(pdu.data)
        if pad > 0 { out.writeRepeatingByte(0, count: pad) }
        if dataDigest {
            let view = out.getBytes(at: dataStart, length: pdu.data.count + pad)!
            out.writeBytes(CRC32C.wire(CRC32C.checksum(view)))
        }
    }
}

/// One TFTP packet (RFC 1350 with the RFC 2347 option extension).
///
/// ```
///  RRQ / WRQ   2 bytes   string     1    string  1   string  1   string  1
///             +--------+----------+---+-------+---+-------+---+-------+---+--
///             | 01/02  | filename | 0 | mode  | 0 | opt1  | 0 | val1  | 0 | ...
///             +--------+----------+---+-------+---+-------+---+-------+---+--
///  DATA        2 bytes   2 bytes   0..blksize bytes
///             +--------+---------+----------------+
///             |   03   | block # |      data      |
///             +--------+---------+----------------+
///  ACK         2 bytes   2 bytes
///             +--------+---------+
///             |   04   | block # |
///             +--------+---------+
///  ERROR       2 bytes   2 bytes    string    1
///             +--------+-----------+---------+---+
///             |   05   | errorcode | message | 0 |
///             +--------+-----------+---------+---+
///  OACK        2 bytes   string  1   string  1
///             +--------+-------+---+-------+---+--
///             |   06   | opt1  | 0 | val1  | 0 | ...
///             +--------+-------+---+-------+---+--
/// ```
public enum TFTPPacket: Hashable, Sendable {
    case readRequest(TFTPRequest)
    case writeRequest(TFTPRequest)
    /// A DATA packet; the payload is kept as bytes so the encoder can write it unchanged.
    case data(block: UInt16, payload: [UInt8])
    case ack(block: UInt16)
    case error(code: TFTPErrorCode, message: String)
    /// Option acknowledgement: the options the server accepted, in the order it answers them.
    case optionAck([TFTPOption])
}

/// The opcode, the first two bytes of every packet.
public enum TFTPOpcode: UInt16, Sendable {
    case readRequest = 1, writeRequest = 2, data = 3, ack = 4, error = 5, optionAck = 6
}

/// A read or write request: file name, transfer mode and the options the client asks for.
public struct TFTPRequest: Hashable, Sendable {
    public var fileName: String
    /// Lower-cased mode: `octet`, `netascii` (or the obsolete `mail`).
    public var mode: String
    /// Options in the order the client sent them; names lower-cased (RFC 2347: case-insensitive).
    public var options: [TFTPOption]

    public init(fileName: String, mode: String, options: [TFTPOption] = []) {
        self.fileName = fileName
        self.mode = mode
        self.options = options
    }
}

/// One `name=value` option of a request or an OACK.
public struct TFTPOption: Hashable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// TFTP error codes (RFC 1350 section 5, RFC 2347 adds 8).
public enum TFTPErrorCode: UInt16, Sendable {
    case notDefined = 0
    case fileNotFound = 1
    case accessViolation = 2
    case diskFull = 3
    case illegalOperation = 4
    case unknownTransferID = 5
    case fileExists = 6
    case noSuchUser = 7
    case optionRefused = 8
}

/// One iSCSI PDU (RFC 7143 §11.2): the 48-byte Basic Header Segment, optional Additional Header
/// Segments and the data segment (without padding or digests — the framer handles those).
///
/// ```
///  byte  0: .|I| opcode (6 bits)     1: F + opcode-specific flags   2..3: opcode-specific
///  byte  4: TotalAHSLength (words)   5..7: DataSegmentLength (bytes, big-endian)
///  byte  8..15: LUN or opcode-specific   16..19: Initiator Task Tag
///  byte 20..47: opcode-specific (CmdSN/StatSN/ExpCmdSN/MaxCmdSN, CDB, …)
/// ```
public struct PDU: Sendable, Hashable {
    public var header: [UInt8]
    public var ahs: [UInt8]
    public var data: [UInt8]

    public init(opcode: Opcode, data: [UInt8] = []) {
        header = [UInt8](repeating: 0, count: 48)
        ahs = []
        self.data = data
        header[0] = opcode.rawValue
    }

    public init(header: [UInt8], ahs: [UInt8] = [], data: [UInt8] = []) {
        precondition(header.count == 48)
        self.header = header
        self.ahs = ahs
        self.data = data
    }

    public var opcodeByte: UInt8 { header[0] & 0x3f }
    public var opcode: Opcode? { Opcode(rawValue: opcodeByte) }
    public var isImmediate: Bool { header[0] & 0x40 != 0 }
    public var isFinal: Bool {
        get { header[1] & 0x80 != 0 }
        set { if newValue { header[1] |= 0x80 } else { header[1] &= 0x7f } }
    }

    public var initiatorTaskTag: UInt32 {
        get { u32(16) }
        set { setU32(16, newValue) }
    }

    public var lun: UInt64 {
        get { (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(header[8 + $1]) } }
        set { for i in 0..<8 { header[8 + i] = UInt8(truncatingIfNeeded: newValue >> (56 - 8 * UInt64(i))) } }
    }

    /// The LUN number in the single-level peripheral/flat addressing SAM uses for LUNs < 16384.
    public var lunNumber: Int { Int(header[8] & 0x3f) << 8 | Int(header[9]) }

    public func u32(_ offset: Int) -> UInt32 {
        UInt32(header[offset]) << 24 | UInt32(header[offset + 1]) << 16 | UInt32(header[offset + 2]) << 8 | UInt32(header[offset + 3])
    }

    public mutating func setU32(_ offset: Int, _ value: UInt32) {
        header[offset] = UInt8(truncatingIfNeeded: value >> 24)
        header[offset + 1] = UInt8(truncatingIfNeeded: value >> 16)
        header[offset + 2] = UInt8(truncatingIfNeeded: value >> 8)
        header[offset + 3] = UInt8(truncatingIfNeeded: value)
    }

    public mutating func setU16(_ offset: Int, _ value: UInt16) {
        header[offset] = UInt8(truncatingIfNeeded: value >> 8)
        header[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    public func u16(_ offset: Int) -> UInt16 { UInt16(header[offset]) << 8 | UInt16(header[offset + 1]) }

    /// Writes DataSegmentLength (bytes 5..7) from `data.count`; the framer calls it before sending.
    public mutating func stampLengths() {
        header[4] = UInt8(ahs.count / 4)
        let n = data.count
        header[5] = UInt8(truncatingIfNeeded: n >> 16)
        header[6] = UInt8(truncatingIfNeeded: n >> 8)
        header[7] = UInt8(truncatingIfNeeded: n)
    }
}

/// Opcodes (RFC 7143 §11.2.1.2). Initiator opcodes are 0x00–0x1f, target opcodes 0x20–0x3f.
public enum Opcode: UInt8, Sendable {
    case nopOut = 0x00
    case scsiCommand = 0x01
    case taskManagement = 0x02
    case loginRequest = 0x03
    case textRequest = 0x04
    case dataOut = 0x05
    case logoutRequest = 0x06
    case snackRequest = 0x10

    case nopIn = 0x20
    case scsiResponse = 0x21
    case taskManagementResponse = 0x22
    case loginResponse = 0x23
    case textResponse = 0x24
    case dataIn = 0x25
    case logoutResponse = 0x26
    case r2t = 0x31
    case asyncMessage = 0x32
    case reject = 0x3f
}

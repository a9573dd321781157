/// SCSI status and sense data (SPC-4 §4.5): fixed-format sense, key + additional sense code.
public struct Sense: Sendable, Hashable, Error {
    public var key: UInt8
    public var asc: UInt8
    public var ascq: UInt8
    /// For INVALID FIELD IN CDB: the byte that was wrong (sense-key specific field).
    public var fieldPointer: UInt16?
    /// The INFORMATION field (e.g. the offset of a miscompare), with the VALID bit.
    public var information: UInt32?

    public init(key: UInt8, asc: UInt8, ascq: UInt8 = 0, fieldPointer: UInt16? = nil) {
        self.key = key
        self.asc = asc
        self.ascq = ascq
        self.fieldPointer = fieldPointer
    }

    public static let invalidOpcode = Sense(key: 0x05, asc: 0x20)
    public static let lbaOutOfRange = Sense(key: 0x05, asc: 0x21)
    public static func invalidField(_ byte: UInt16? = nil) -> Sense { Sense(key: 0x05, asc: 0x24, fieldPointer: byte) }
    public static let invalidParameterList = Sense(key: 0x05, asc: 0x26)
    public static let parameterListLength = Sense(key: 0x05, asc: 0x1a)
    public static let logicalUnitNotSupported = Sense(key: 0x05, asc: 0x25)
    public static let writeProtected = Sense(key: 0x07, asc: 0x27)
    public static let spaceAllocationFailed = Sense(key: 0x07, asc: 0x27, ascq: 0x07)
    public static let writeError = Sense(key: 0x03, asc: 0x0c)
    public static let readError = Sense(key: 0x03, asc: 0x11)
    public static let miscompare = Sense(key: 0x0e, asc: 0x1d)
    public static let noSense = Sense(key: 0x00, asc: 0x00)
    public static let commandsCleared = Sense(key: 0x06, asc: 0x2f)

    /// 18 bytes of fixed-format sense data.
    public var fixedFormat: [UInt8] {
        var s = [UInt8](repeating: 0, count: 18)
        s[0] = 0x70
        s[2] = key
        s[7] = 10
        s[12] = asc
        s[13] = ascq
        if let information {
            s[0] |= 0x80
            for i in 0..<4 { s[3 + i] = UInt8(truncatingIfNeeded: information >> (24 - 8 * UInt32(i))) }
        }
        if let fieldPointer {
            s[15] = 0x80 | 0x40   // SKSV + C/D = CDB
            s[16] = UInt8(fieldPointer >> 8)
            s[17] = UInt8(fieldPointer & 0xff)
        }
        return s
    }
}

public enum SCSIStatus: UInt8, Sendable {
    case good = 0x00
    case checkCondition = 0x02
    case busy = 0x08
    case reservationConflict = 0x18
    case taskSetFull = 0x28
}

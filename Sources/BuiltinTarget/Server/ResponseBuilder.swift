/// Builds the target's PDUs (RFC 7143 §11) from a session's sequence numbers.
struct SequenceNumbers {
    var statSN: UInt32
    var expCmdSN: UInt32
    var window: UInt32

    var maxCmdSN: UInt32 { expCmdSN &+ window &- 1 }

    /// Whether a non-immediate CmdSN is inside [ExpCmdSN, MaxCmdSN] (serial arithmetic).
    func inWindow(_ cmdSN: UInt32) -> Bool { cmdSN &- expCmdSN < window }

    /// Stamps StatSN (advancing it when `advance`), ExpCmdSN and MaxCmdSN into bytes 24..35.
    mutating func stamp(_ pdu: inout PDU, advance: Bool = true) {
        pdu.setU32(24, statSN)
        if advance { statSN &+= 1 }
        pdu.setU32(28, expCmdSN)
        pdu.setU32(32, maxCmdSN)
    }
}

enum ResponseBuilder {
    static let reservedTag: UInt32 = 0xffff_ffff

    static func dataIn(itt: UInt32, lun: UInt64, data: [UInt8], offset: Int, dataSN: UInt32, final: Bool,
                       status: (SCSIStatus, residualFlags: UInt8, residual: UInt32)?) -> PDU {
        var pdu = PDU(opcode: .dataIn, data: data)
        pdu.header[1] = final ? 0x80 : 0
        pdu.lun = lun
        pdu.initiatorTaskTag = itt
        pdu.setU32(20, reservedTag)
        pdu.setU32(36, dataSN)
        pdu.setU32(40, UInt32(offset))
        if let status {
            pdu.header[1] |= 0x01 | status.residualFlags
            pdu.header[3] = status.0.rawValue
            pdu.setU32(44, status.residual)
        }
        return pdu
    }

    static func scsiResponse(itt: UInt32, result: SCSIResult, residualFlags: UInt8, residual: UInt32, expDataSN: UInt32) -> PDU {
        var data: [UInt8] = []
        if let sense = result.sense {
            let s = sense.fixedFormat
            data = [UInt8(s.count >> 8), UInt8(s.count & 0xff)] + s
        }
        var pdu = PDU(opcode: .scsiResponse, data: data)
        pdu.header[1] = 0x80 | residualFlags
        pdu.header[2] = 0   // command completed at target
        pdu.header[3] = result.status.rawValue
        pdu.initiatorTaskTag = itt
        pdu.setU32(36, expDataSN)
        pdu.setU32(44, residual)
        return pdu
    }

    static func r2t(itt: UInt32, lun: UInt64, ttt: UInt32, r2tSN: UInt32, offset: Int, length: Int) -> PDU {
        var pdu = PDU(opcode: .r2t)
        pdu.header[1] = 0x80
        pdu.lun = lun
        pdu.initiatorTaskTag = itt
        pdu.setU32(20, ttt)
        pdu.setU32(36, r2tSN)
        pdu.setU32(40, UInt32(offset))
        pdu.setU32(44, UInt32(length))
        return pdu
    }

    static func nopIn(itt: UInt32, lun: UInt64, data: [UInt8]) -> PDU {
        var pdu = PDU(opcode: .nopIn, data: data)
        pdu.header[1] = 0x80
        pdu.lun = lun
        pdu.initiatorTaskTag = itt
        pdu.setU32(20, reservedTag)
        return pdu
    }

    static func taskManagementResponse(itt: UInt32, response: UInt8) -> PDU {
        var pdu = PDU(opcode: .taskManagementResponse)
        pdu.header[1] = 0x80
        pdu.header[2] = response
        pdu.initiatorTaskTag = itt
        return pdu
    }

    static func logoutResponse(itt: UInt32) -> PDU {
        var pdu = PDU(opcode: .logoutResponse)
        pdu.header[1] = 0x80
        pdu.initiatorTaskTag = itt
        return pdu
    }

    static func textResponse(itt: UInt32, ttt: UInt32, data: [UInt8], continues: Bool) -> PDU {
        var pdu = PDU(opcode: .textResponse, data: data)
        pdu.header[1] = continues ? 0x40 : 0x80
        pdu.initiatorTaskTag = itt
        pdu.setU32(20, continues ? ttt : reservedTag)
        return pdu
    }

    /// Reject reasons (RFC 7143 §11.17.1).
    enum RejectReason: UInt8 {
        case dataDigestError = 0x02
        case snackReject = 0x03
        case protocolError = 0x04
        case commandNotSupported = 0x05
        case immediateCommandReject = 0x06
        case invalidPDUField = 0x09
    }

    static func reject(_ header: [UInt8], reason: RejectReason) -> PDU {
        var pdu = PDU(opcode: .reject, data: header)
        pdu.header[1] = 0x80
        pdu.header[2] = reason.rawValue
        pdu.setU32(16, reservedTag)
        return pdu
    }
}

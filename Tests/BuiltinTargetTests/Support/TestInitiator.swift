@testable import BuiltinTarget
import Foundation
import TestSupport
import NIOCore

/// A minimal iSCSI initiator over a blocking TCP socket, for tests against the real portal:
/// one login PDU (no CHAP), then SCSI commands one at a time, answering R2Ts with Data-Out.
/// Blocking: call it from `offPool`.
final class TestInitiator: @unchecked Sendable {   // used by one thread at a time
    struct Response {
        var status: UInt8
        var data: [UInt8]
        var residualFlags: UInt8
        var residual: UInt32
        var sense: [UInt8]
        /// Sense key and ASC, when there is sense data.
        var senseKey: UInt8? { sense.count > 12 ? sense[2] & 0x0f : nil }
        var asc: UInt8? { sense.count > 12 ? sense[12] : nil }
    }

    struct Failure: Error, CustomStringConvertible { var description: String }

    let fd: Int32
    var cmdSN: UInt32 = 1
    var itt: UInt32 = 1
    var expStatSN: UInt32 = 0
    /// When set, every Data-Out carries this DataSN instead of the right one.
    var wrongDataSN: UInt32?

    init(port: Int, initiator: String, target: String, isid: UInt8) throws {
        fd = try connectLoopback(port: port)
        var login = PDU(opcode: .loginRequest, data: TextParameters([
            ("InitiatorName", initiator), ("TargetName", target), ("SessionType", "Normal"), ("AuthMethod", "None"),
            ("HeaderDigest", "None"), ("DataDigest", "None"), ("ImmediateData", "Yes"), ("InitialR2T", "Yes"),
            ("MaxRecvDataSegmentLength", "262144"),
        ].map { (key: $0.0, value: $0.1) }).encoded)
        login.header[0] |= 0x40
        login.header[1] = 0x80 | 0 << 2 | 3   // transit, security → full feature
        login.header[8] = 0x80                // ISID: random format, qualifier below
        login.header[13] = isid
        login.setU32(24, cmdSN)
        try send(login)
        let answer = try receive()
        guard answer.opcode == .loginResponse, answer.header[36] == 0, answer.header[1] & 0x83 == 0x83 else {
            throw Failure(description: "login refused: class \(answer.header[36]) detail \(answer.header[37])")
        }
        expStatSN = answer.u32(24) &+ 1
    }

    deinit { close(fd) }

    func send(_ pdu: PDU) throws {
        var buffer = ByteBufferAllocator().buffer(capacity: 48 + pdu.data.count + 4)
        PDUFramer().write(pdu, into: &buffer)
        let bytes = buffer.readBytes(length: buffer.readableBytes)!
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "send: errno \(errno)") }
            sent += n
        }
    }

    func readExactly(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out[got...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "connection closed") }
            got += n
        }
        return out
    }

    func receive() throws -> PDU {
        let header = try readExactly(48)
        let length = Int(header[5]) << 16 | Int(header[6]) << 8 | Int(header[7])
        let padded = (length + 3) & ~3
        let data = padded > 0 ? Array(try readExactly(padded).prefix(length)) : []
        return PDU(header: header, data: data)
    }

    /// Sends one SCSI command and collects its answer.
    /// - Parameters:
    ///   - write: the data-out; `expected` (the EDTL) defaults to its size, or to `read` for a read.
    ///   - immediate: how much of `write` goes as immediate data (the rest on R2T).
    func command(_ cdb: [UInt8], read: Int = 0, write: [UInt8] = [], expected: Int? = nil, immediate: Int? = nil) throws -> Response {
        let tag = itt
        itt &+= 1
        let edtl = expected ?? (write.isEmpty ? read : write.count)
        let first = Array(write.prefix(min(immediate ?? write.count, 65536, edtl)))
        var pdu = PDU(opcode: .scsiCommand, data: first)
        pdu.header[1] = 0x80 | (write.isEmpty ? 0 : 0x20) | (read > 0 ? 0x40 : 0) | 0x01   // F, W/R, simple task
        pdu.initiatorTaskTag = tag
        pdu.setU32(20, UInt32(edtl))
        pdu.setU32(24, cmdSN)
        pdu.setU32(28, expStatSN)
        for (i, b) in cdb.enumerated() { pdu.header[32 + i] = b }
        cmdSN &+= 1
        try send(pdu)
        var data: [UInt8] = []
        while true {
            let answer = try receive()
            switch answer.opcode {
            case .r2t:
                let offset = Int(answer.u32(40)), length = Int(answer.u32(44))
                var out = PDU(opcode: .dataOut, data: Array(write[offset..<min(write.count, offset + length)]))
                out.header[1] = 0x80
                out.initiatorTaskTag = tag
                out.setU32(20, answer.u32(20))
                out.setU32(28, expStatSN)
                out.setU32(36, wrongDataSN ?? 0)   // one Data-Out per R2T: DataSN 0
                out.setU32(40, UInt32(offset))
                try send(out)
            case .dataIn:
                data += answer.data
                if answer.header[1] & 0x01 != 0 {   // status collapsed into the last Data-In
                    expStatSN = answer.u32(24) &+ 1
                    return Response(status: answer.header[3], data: data, residualFlags: answer.header[1] & 0x06,
                                    residual: answer.u32(44), sense: [])
                }
            case .scsiResponse:
                expStatSN = answer.u32(24) &+ 1
                let sense = answer.data.count > 2 ? Array(answer.data.dropFirst(2)) : []
                return Response(status: answer.header[3], data: data, residualFlags: answer.header[1] & 0x06,
                                residual: answer.u32(44), sense: sense)
            default:
                throw Failure(description: "unexpected PDU opcode 0x\(String(answer.opcodeByte, radix: 16))")
            }
        }
    }
}

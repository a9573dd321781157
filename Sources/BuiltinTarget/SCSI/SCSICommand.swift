/// A decoded CDB (SBC-3 / SPC-4): what to do and how many data-out bytes the initiator sends
/// for it. Decoding checks the CDB's own fields; ranges against the disk are checked at execution.
public enum SCSICommand: Sendable, Hashable {
    case testUnitReady
    case inquiry(evpd: Bool, page: UInt8, allocation: Int)
    case requestSense(allocation: Int)
    case readCapacity10
    case readCapacity16(allocation: Int)
    case read(lba: UInt64, blocks: Int)
    case write(lba: UInt64, blocks: Int, fua: Bool)
    case verify(lba: UInt64, blocks: Int, bytCheck: Bool)
    case writeSame(lba: UInt64, blocks: Int, unmap: Bool)
    case compareAndWrite(lba: UInt64, blocks: Int)
    case orWrite(lba: UInt64, blocks: Int, fua: Bool)
    case unmap(parameterLength: Int)
    case synchronizeCache(lba: UInt64, blocks: Int)
    case modeSense(ten: Bool, page: UInt8, subpage: UInt8, control: UInt8, dbd: Bool, allocation: Int)
    case modeSelect(parameterLength: Int)
    case reportLUNs(allocation: Int)
    case startStopUnit
    case preFetch(lba: UInt64, blocks: Int)
    case reserve
    case release
    case persistentReserveIn(serviceAction: UInt8, allocation: Int)
    case persistentReserveOut(serviceAction: UInt8, scopeType: UInt8, parameterLength: Int)
    case getLBAStatus(lba: UInt64, allocation: Int)
    case reportSupportedOpcodes(options: UInt8, opcode: UInt8, serviceAction: UInt16, timeouts: Bool, allocation: Int)

    /// Where the command sits in the reservation tables (SPC-4 §5.13.1).
    public var reservationAccess: ReservationAccess {
        switch self {
        case .inquiry, .reportLUNs, .requestSense, .reportSupportedOpcodes, .persistentReserveIn, .persistentReserveOut,
             .testUnitReady, .readCapacity10, .readCapacity16:
            .always
        case .read, .verify, .modeSense, .getLBAStatus, .preFetch:
            .read
        default:
            .write
        }
    }

    /// Commands SPC-2 lets through another nexus's RESERVE(6).
    public var legacyReservationExempt: Bool {
        switch self {
        case .inquiry, .reportLUNs, .requestSense, .release, .reportSupportedOpcodes: true
        default: false
        }
    }

    /// Bytes of data-out this command carries, given the disk's block size.
    public func dataOutLength(blockSize: Int) -> Int {
        switch self {
        case .write(_, let n, _), .orWrite(_, let n, _): n * blockSize
        case .writeSame: blockSize
        case .compareAndWrite(_, let n): 2 * n * blockSize
        case .unmap(let n), .modeSelect(let n), .persistentReserveOut(_, _, let n): n
        case .verify(_, let n, true): n * blockSize
        default: 0
        }
    }

    public static func decode(_ cdb: [UInt8]) -> Result<SCSICommand, Sense> {
        guard let op = cdb.first else { return .failure(.invalidOpcode) }
        func u16(_ i: Int) -> Int { Int(cdb[i]) << 8 | Int(cdb[i + 1]) }
        func u24(_ i: Int) -> Int { Int(cdb[i]) << 16 | u16(i + 1) }
        func u32(_ i: Int) -> UInt64 { UInt64(cdb[i]) << 24 | UInt64(cdb[i + 1]) << 16 | UInt64(cdb[i + 2]) << 8 | UInt64(cdb[i + 3]) }
        func u64(_ i: Int) -> UInt64 { u32(i) << 32 | u32(i + 4) }
        // RDPROTECT / WRPROTECT / VRPROTECT: no protection information on these LUNs.
        let protectionOpcodes: Set<UInt8> = [0x28, 0xa8, 0x88, 0x2a, 0xaa, 0x8a, 0x2e, 0xae, 0x8e, 0x2f, 0xaf, 0x8f, 0x41, 0x93, 0x89, 0x8b]
        if protectionOpcodes.contains(op), cdb[1] & 0xe0 != 0 { return .failure(.invalidField(1)) }
        switch op {
        case 0x00: return .success(.testUnitReady)
        case 0x03: return .success(.requestSense(allocation: Int(cdb[4])))
        case 0x12:
            let evpd = cdb[1] & 1 != 0
            if !evpd && cdb[2] != 0 { return .failure(.invalidField(2)) }
            return .success(.inquiry(evpd: evpd, page: cdb[2], allocation: u16(3)))
        case 0x1b: return .success(.startStopUnit)
        case 0x25: return .success(.readCapacity10)
        case 0x9e where cdb[1] & 0x1f == 0x10: return .success(.readCapacity16(allocation: Int(u32(10))))
        case 0x9e where cdb[1] & 0x1f == 0x12: return .success(.getLBAStatus(lba: u64(2), allocation: Int(u32(10))))
        case 0x08:
            let blocks = Int(cdb[4]) == 0 ? 256 : Int(cdb[4])
            return .success(.read(lba: UInt64(u24(1) & 0x1f_ffff), blocks: blocks))
        case 0x0a:
            let blocks = Int(cdb[4]) == 0 ? 256 : Int(cdb[4])
            return .success(.write(lba: UInt64(u24(1) & 0x1f_ffff), blocks: blocks, fua: false))
        case 0x28: return .success(.read(lba: u32(2), blocks: u16(7)))
        case 0xa8: return .success(.read(lba: u32(2), blocks: Int(u32(6))))
        case 0x88: return .success(.read(lba: u64(2), blocks: Int(u32(10))))
        case 0x2a, 0x2e: return .success(.write(lba: u32(2), blocks: u16(7), fua: cdb[1] & 0x08 != 0 || op == 0x2e))
        case 0xaa, 0xae: return .success(.write(lba: u32(2), blocks: Int(u32(6)), fua: cdb[1] & 0x08 != 0 || op == 0xae))
        case 0x8a, 0x8e: return .success(.write(lba: u64(2), blocks: Int(u32(10)), fua: cdb[1] & 0x08 != 0 || op == 0x8e))
        case 0x2f: return .success(.verify(lba: u32(2), blocks: u16(7), bytCheck: cdb[1] & 0x06 == 0x02))
        case 0xaf: return .success(.verify(lba: u32(2), blocks: Int(u32(6)), bytCheck: cdb[1] & 0x06 == 0x02))
        case 0x8f: return .success(.verify(lba: u64(2), blocks: Int(u32(10)), bytCheck: cdb[1] & 0x06 == 0x02))
        case 0x41, 0x93:
            if cdb[1] & 0x10 != 0 { return .failure(.invalidField(1)) }   // ANCHOR: no anchored state (ANC_SUP 0)
            if op == 0x41 { return .success(.writeSame(lba: u32(2), blocks: u16(7), unmap: cdb[1] & 0x08 != 0)) }
            return .success(.writeSame(lba: u64(2), blocks: Int(u32(10)), unmap: cdb[1] & 0x08 != 0))
        case 0x89: return .success(.compareAndWrite(lba: u64(2), blocks: Int(cdb[13])))
        case 0x8b: return .success(.orWrite(lba: u64(2), blocks: Int(u32(10)), fua: cdb[1] & 0x08 != 0))
        case 0x42:
            if cdb[1] & 0x01 != 0 { return .failure(.invalidField(1)) }   // ANCHOR: no anchored state
            return .success(.unmap(parameterLength: u16(7)))
        case 0x35: return .success(.synchronizeCache(lba: u32(2), blocks: u16(7)))
        case 0x91: return .success(.synchronizeCache(lba: u64(2), blocks: Int(u32(10))))
        case 0x1a:
            return .success(.modeSense(ten: false, page: cdb[2] & 0x3f, subpage: cdb[3], control: cdb[2] >> 6,
                                       dbd: cdb[1] & 0x08 != 0, allocation: Int(cdb[4])))
        case 0x5a:
            return .success(.modeSense(ten: true, page: cdb[2] & 0x3f, subpage: cdb[3], control: cdb[2] >> 6,
                                       dbd: cdb[1] & 0x08 != 0, allocation: u16(7)))
        case 0x15: return .success(.modeSelect(parameterLength: Int(cdb[4])))
        case 0x55: return .success(.modeSelect(parameterLength: u16(7)))
        case 0xa0: return .success(.reportLUNs(allocation: Int(u32(6))))
        case 0x34: return .success(.preFetch(lba: u32(2), blocks: u16(7)))
        case 0x90: return .success(.preFetch(lba: u64(2), blocks: Int(u32(10))))
        case 0x16, 0x56: return .success(.reserve)
        case 0x17, 0x57: return .success(.release)
        case 0x5e: return .success(.persistentReserveIn(serviceAction: cdb[1] & 0x1f, allocation: u16(7)))
        case 0x5f: return .success(.persistentReserveOut(serviceAction: cdb[1] & 0x1f, scopeType: cdb[2], parameterLength: Int(u32(5))))
        case 0xa3 where cdb[1] & 0x1f == 0x0c:
            return .success(.reportSupportedOpcodes(options: cdb[2] & 0x07, opcode: cdb[3], serviceAction: UInt16(u16(4)),
                                                    timeouts: cdb[2] & 0x80 != 0, allocation: Int(u32(6))))
        default: return .failure(.invalidOpcode)
        }
    }
}

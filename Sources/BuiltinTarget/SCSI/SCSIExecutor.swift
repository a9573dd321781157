import NIOConcurrencyHelpers

/// The outcome of one SCSI command: status, data for the initiator, sense on CHECK CONDITION.
public struct SCSIResult: Sendable, Hashable {
    public var status: SCSIStatus
    public var data: [UInt8]
    public var sense: Sense?

    public static let conflict = SCSIResult(status: .reservationConflict, data: [], sense: nil)
    public static func good(_ data: [UInt8] = []) -> SCSIResult { SCSIResult(status: .good, data: data, sense: nil) }
    public static func check(_ sense: Sense) -> SCSIResult { SCSIResult(status: .checkCondition, data: [], sense: sense) }
}

/// Runs decoded commands against a LUN. Blocking (disk I/O): call it from the I/O thread pool.
public enum SCSIExecutor {
    /// The most blocks one COMPARE AND WRITE takes (its CDB field is one byte).
    public static let maxCompareAndWriteBlocks = 255

    /// - Parameters:
    ///   - unit: the addressed LUN, nil when the target has no such LUN.
    ///   - luns: every LUN number of the target (REPORT LUNS).
    ///   - nexus: who sends it (reservations).
    public static func execute(_ command: SCSICommand, unit: LogicalUnit?, luns: [Int], limits: TargetLimits,
                               nexus: Nexus, dataOut: [UInt8]) -> SCSIResult {
        switch command {
        case .inquiry(let evpd, let page, let allocation):
            guard let unit else { return .good(Array(InquiryData.standard(present: false).prefix(allocation))) }
            if !evpd { return .good(Array(InquiryData.standard(present: true).prefix(allocation))) }
            guard let data = InquiryData.vpd(page, unit: unit, limits: limits) else { return .check(.invalidField(2)) }
            return .good(Array(data.prefix(allocation)))
        case .reportLUNs(let allocation):
            guard allocation >= 16 else { return .check(.invalidField(6)) }
            return .good(Array(InquiryData.reportLUNs(luns).prefix(allocation)))
        case .requestSense(let allocation):
            let sense = unit == nil ? Sense.logicalUnitNotSupported : Sense.noSense
            return .good(Array(sense.fixedFormat.prefix(allocation)))
        default:
            break
        }
        guard let unit else { return .check(.logicalUnitNotSupported) }
        if let reserved = reservationCommand(command, unit: unit, nexus: nexus, dataOut: dataOut) { return reserved }
        let device = unit.device
        func inRange(_ lba: UInt64, _ blocks: Int) -> Bool {
            blocks >= 0 && lba <= device.blockCount && UInt64(blocks) <= device.blockCount - lba
        }
        func tooLong(_ blocks: Int) -> Bool { blocks * device.blockSize > limits.maxTransferBytes }
        do {
            switch command {
            case .testUnitReady, .startStopUnit, .reserve, .release, .persistentReserveIn, .persistentReserveOut:
                return .good()
            case .readCapacity10:
                return .good(InquiryData.readCapacity10(device))
            case .readCapacity16(let allocation):
                return .good(Array(InquiryData.readCapacity16(device).prefix(allocation)))
            case .modeSense(let ten, let page, let subpage, let control, let dbd, let allocation):
                guard control != 3 else { return .check(Sense(key: 0x05, asc: 0x39)) }   // saving parameters not supported
                guard let data = InquiryData.modeSense(ten: ten, page: page, subpage: subpage, control: control, dbd: dbd, device: device) else {
                    return .check(.invalidField(2))
                }
                return .good(Array(data.prefix(allocation)))
            case .modeSelect:
                return .good()   // nothing is changeable: accepted and ignored, as the changeable mask says
            case .read(let lba, let blocks):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                guard !tooLong(blocks) else { return .check(.invalidField(7)) }
                guard blocks > 0 else { return .good() }
                return .good(try device.read(lba: lba, blocks: blocks))
            case .write(let lba, let blocks, let fua):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                guard !tooLong(blocks) else { return .check(.invalidField(7)) }
                guard !device.readOnly else { return .check(.writeProtected) }
                guard blocks > 0 else { return .good() }
                try device.write(lba: lba, data: dataOut, fua: fua)
                return .good()
            case .verify(let lba, let blocks, let bytCheck):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                guard bytCheck, blocks > 0 else { return .good() }
                let stored = try device.read(lba: lba, blocks: blocks)
                return stored == dataOut ? .good() : .check(.miscompare)
            case .writeSame(let lba, let blocks, _):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                guard !device.readOnly else { return .check(.writeProtected) }
                let count = blocks == 0 ? Int(device.blockCount - lba) : blocks
                guard !tooLong(count) else { return .check(.invalidField(10)) }
                guard count > 0 else { return .good() }
                var pattern: [UInt8] = []
                pattern.reserveCapacity(count * device.blockSize)
                for _ in 0..<count { pattern += dataOut }
                try device.write(lba: lba, data: pattern, fua: false)
                return .good()
            case .compareAndWrite(let lba, let blocks):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                guard blocks <= maxCompareAndWriteBlocks else { return .check(.invalidField(13)) }
                guard !device.readOnly else { return .check(.writeProtected) }
                guard blocks > 0 else { return .good() }
                let half = blocks * device.blockSize
                let stored = try device.read(lba: lba, blocks: blocks)
                if let first = stored.indices.first(where: { stored[$0] != dataOut[$0] }) {
                    var sense = Sense.miscompare
                    sense.information = UInt32(first)   // offset of the first byte that differs (SBC-3 §5.2)
                    return .check(sense)
                }
                try device.write(lba: lba, data: Array(dataOut.suffix(half)), fua: false)
                return .good()
            case .orWrite(let lba, let blocks, let fua):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                guard !tooLong(blocks) else { return .check(.invalidField(10)) }
                guard !device.readOnly else { return .check(.writeProtected) }
                guard blocks > 0 else { return .good() }
                var merged = try device.read(lba: lba, blocks: blocks)
                for i in merged.indices { merged[i] |= dataOut[i] }
                try device.write(lba: lba, data: merged, fua: fua)
                return .good()
            case .unmap(let length):
                guard device.supportsUnmap else { return .check(.invalidOpcode) }
                guard !device.readOnly else { return .check(.writeProtected) }
                guard length > 0 else { return .good() }
                guard length >= 8, dataOut.count >= 8 else { return .check(.parameterListLength) }
                let descriptorBytes = Int(dataOut[2]) << 8 | Int(dataOut[3])
                guard descriptorBytes % 16 == 0, 8 + descriptorBytes <= dataOut.count else { return .check(.invalidParameterList) }
                var ranges: [(UInt64, Int)] = []
                for i in stride(from: 8, to: 8 + descriptorBytes, by: 16) {
                    let lba = (0..<8).reduce(UInt64(0)) { $0 << 8 | UInt64(dataOut[i + $1]) }
                    let count = (0..<4).reduce(0) { $0 << 8 | Int(dataOut[i + 8 + $1]) }
                    guard inRange(lba, count) else { return .check(.lbaOutOfRange) }
                    ranges.append((lba, count))
                }
                for (lba, count) in ranges where count > 0 { try device.unmap(lba: lba, blocks: count) }
                return .good()
            case .synchronizeCache(let lba, let blocks):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                try device.flush()
                return .good()
            case .preFetch(let lba, let blocks):
                guard inRange(lba, blocks) else { return .check(.lbaOutOfRange) }
                return .good()
            case .getLBAStatus(let lba, let allocation):
                guard lba < device.blockCount else { return .check(.lbaOutOfRange) }
                var d = [UInt8](repeating: 0, count: 24)
                InquiryData.put32(&d, 0, 20)
                for i in 0..<8 { d[8 + i] = UInt8(truncatingIfNeeded: lba >> (56 - 8 * UInt64(i))) }
                InquiryData.put32(&d, 16, UInt32(min(device.blockCount - lba, 0xffff_ffff)))
                return .good(Array(d.prefix(allocation)))
            case .reportSupportedOpcodes(let options, let opcode, let serviceAction, let timeouts, let allocation):
                switch SupportedOpcodes.report(options: options, opcode: opcode, serviceAction: serviceAction, timeouts: timeouts) {
                case .success(let data): return .good(Array(data.prefix(allocation)))
                case .failure(let sense): return .check(sense)
                }
            case .inquiry, .reportLUNs, .requestSense:
                return .check(.invalidOpcode)   // handled above
            }
        } catch {
            switch error {
            case .noSpace: return .check(.spaceAllocationFailed)
            case .readOnly: return .check(.writeProtected)
            case .io: return command.dataOutLength(blockSize: device.blockSize) > 0 ? .check(.writeError) : .check(.readError)
            }
        }
    }

    /// A READ whose blocks are all in the page cache, answered without blocking (on the
    /// connection's event loop); nil for every other command, and for a read that would wait for
    /// the disk, that is out of range or in conflict — `execute` on the I/O pool answers those.
    public static func executeIfCached(_ command: SCSICommand, unit: LogicalUnit, limits: TargetLimits, nexus: Nexus) -> SCSIResult? {
        guard case .read(let lba, let blocks) = command, blocks > 0 else { return nil }
        let device = unit.device
        guard lba <= device.blockCount, UInt64(blocks) <= device.blockCount - lba,
              blocks * device.blockSize <= limits.maxTransferBytes else { return nil }
        guard reservationCommand(command, unit: unit, nexus: nexus, dataOut: []) == nil else { return nil }
        return device.readIfCached(lba: lba, blocks: blocks).map { .good($0) }
    }

    /// Reservation conflicts, and the reservation commands themselves; nil lets the command run.
    static func reservationCommand(_ command: SCSICommand, unit: LogicalUnit, nexus: Nexus, dataOut: [UInt8]) -> SCSIResult? {
        unit.reservations.withLockedValue { state in
            if state.conflicts(command.reservationAccess, nexus: nexus, legacyExempt: command.legacyReservationExempt) { return .conflict }
            switch command {
            case .reserve:
                return state.reserve6(nexus) ? .good() : .conflict
            case .release:
                return state.release6(nexus) ? .good() : .conflict
            case .persistentReserveIn(let serviceAction, let allocation):
                guard let data = state.persistentIn(serviceAction) else { return .check(.invalidField(1)) }
                return .good(Array(data.prefix(allocation)))
            case .persistentReserveOut(let serviceAction, let scopeType, _):
                guard let action = ReservationState.OutAction(rawValue: serviceAction) else { return .check(.invalidField(1)) }
                switch state.persistentOut(action, scopeType: scopeType, parameters: dataOut, nexus: nexus) {
                case .success: return .good()
                case .failure(.conflict): return .conflict
                case .failure(.sense(let sense)): return .check(sense)
                }
            default:
                return nil
            }
        }
    }
}

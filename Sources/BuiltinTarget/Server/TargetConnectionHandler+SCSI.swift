import Logging
import NIOCore
import NIOPosix

extension TargetConnectionHandler {
    func scsiCommand(_ pdu: PDU) {
        guard let target, case .normal = established?.type else {
            send(ResponseBuilder.reject(pdu.header, reason: .protocolError), advance: true)   // no SCSI in a discovery session
            return
        }
        let itt = pdu.initiatorTaskTag
        let flags = pdu.header[1]
        let writing = flags & 0x20 != 0
        let expected = Int(pdu.u32(20))
        let cdb = Array(pdu.header[32..<48])
        let unit = target.units[pdu.lunNumber]
        let command: SCSICommand
        switch SCSICommand.decode(cdb) {
        case .success(let c): command = c
        case .failure(let sense):
            if writing && flags & 0x80 == 0 { absorbUnsolicited(pdu, expected: expected) }
            respond(itt: itt, lun: pdu.lun, expected: expected, reading: false, result: .check(sense))
            return
        }
        let blockSize = unit?.device.blockSize ?? 512
        if case .compareAndWrite(_, 0) = command, writing, expected > 0 {
            // No blocks, yet data follows: the one-byte NUMBER OF LOGICAL BLOCKS is wrong (256
            // truncated to 0), not a no-op.
            if flags & 0x80 == 0 { absorbUnsolicited(pdu, expected: expected) }
            respond(itt: itt, lun: pdu.lun, expected: expected, reading: false, result: .check(.invalidField(13)))
            return
        }
        let transfer = unit == nil ? 0 : command.dataOutLength(blockSize: blockSize)
        if transfer > 0 {
            // The CDB's transfer length and the iSCSI Expected Data Transfer Length may differ
            // (RFC 7143 §11.4.5): a WRITE takes the smaller, in whole blocks, and says the rest
            // in the residual; other data-out commands need their whole parameter list.
            let edtl = writing ? expected : 0
            var command = command
            var partial = false
            if edtl < transfer {
                guard case .write(let lba, _, let fua) = command else {
                    if writing && flags & 0x80 == 0 { absorbUnsolicited(pdu, expected: expected) }
                    respond(itt: itt, lun: pdu.lun, expected: expected, reading: false, result: .check(.invalidField()), transfer: transfer)
                    return
                }
                command = .write(lba: lba, blocks: edtl / blockSize, fua: fua)
                partial = edtl % blockSize != 0
            }
            let take = min(edtl, transfer)
            guard take <= limits.maxTransferBytes + 2 * blockSize else {
                if writing && flags & 0x80 == 0 { absorbUnsolicited(pdu, expected: expected) }
                respond(itt: itt, lun: pdu.lun, expected: expected, reading: false, result: .check(.invalidField()), transfer: transfer)
                return
            }
            if take > 0 {
                var task = WriteTask(itt: itt, lun: pdu.lun, command: command, unit: unit, expected: expected,
                                     needed: take, transfer: transfer, partial: partial, unsolicitedFollows: flags & 0x80 == 0)
                if !pdu.data.isEmpty { _ = task.take(pdu.data, at: 0) }
                writes[itt] = task
                advance(itt)
                return
            }
            if writing && flags & 0x80 == 0 { absorbUnsolicited(pdu, expected: expected) }
            execute(itt: itt, lun: pdu.lun, command: command, unit: unit, expected: expected, reading: false, dataOut: [], transfer: transfer)
            return
        }
        if writing && flags & 0x80 == 0 { absorbUnsolicited(pdu, expected: expected) }
        execute(itt: itt, lun: pdu.lun, command: command, unit: unit, expected: expected,
                reading: flags & 0x40 != 0, dataOut: [], transfer: 0)
    }

    /// A command we answer at once may still be followed by unsolicited Data-Out: swallow it.
    func absorbUnsolicited(_ pdu: PDU, expected: Int) {
        var task = WriteTask(itt: pdu.initiatorTaskTag, lun: pdu.lun, command: .testUnitReady, unit: nil,
                             expected: max(expected, pdu.data.count), needed: 0, transfer: 0, partial: false, unsolicitedFollows: true)
        task.outstanding = (0, 0, 0, 0)   // never complete: dropped when its unsolicited data ends
        writes[pdu.initiatorTaskTag] = task
    }

    func dataOut(_ pdu: PDU) {
        let itt = pdu.initiatorTaskTag
        guard var task = writes[itt] else { return }   // an aborted or finished task: ignore its data
        let ttt = pdu.u32(20)
        let offset = Int(pdu.u32(40))
        if task.needed == 0 {   // absorbing data of a command already answered
            if ttt == ResponseBuilder.reservedTag && pdu.isFinal { writes[itt] = nil }
            return
        }
        guard pdu.u32(36) == task.nextDataSN else {
            // A lost or reordered Data-Out: at ErrorRecoveryLevel 0 the session is what recovers.
            logger.notice("iscsi: Data-Out out of sequence, closing", metadata: ["peer": "\(peer)", "dataSN": "\(pdu.u32(36))",
                                                                                "expected": "\(task.nextDataSN)"])
            writes[itt] = nil
            close()
            return
        }
        task.nextDataSN &+= 1
        guard task.take(pdu.data, at: offset) else {
            writes[itt] = nil
            send(ResponseBuilder.reject(pdu.header, reason: .protocolError), advance: true)
            return
        }
        if ttt == ResponseBuilder.reservedTag {
            if pdu.isFinal { task.unsolicitedOpen = false }
        } else if var burst = task.outstanding, burst.ttt == ttt {
            burst.got += pdu.data.count
            task.outstanding = (pdu.isFinal || burst.got >= burst.length) ? nil : burst
        }
        writes[itt] = task
        advance(itt)
    }

    /// Asks for the next burst, or executes the command once all its data is here.
    func advance(_ itt: UInt32) {
        guard var task = writes[itt], let parameters = established?.parameters else { return }
        if task.complete {
            writes[itt] = nil
            if task.partial {   // EDTL ends inside a block: nothing is written (FCP-4 §9.4.2 b)
                respond(itt: itt, lun: task.lun, expected: task.expected, reading: false,
                        result: .check(Sense(key: 0x05, asc: 0x0e, ascq: 0x03)), transfer: task.transfer)
                return
            }
            execute(itt: itt, lun: task.lun, command: task.command, unit: task.unit, expected: task.expected,
                    reading: false, dataOut: task.buffer, transfer: task.transfer)
            return
        }
        let ttt = nextTTT
        if let burst = task.nextBurst(maxBurst: parameters.maxBurstLength, ttt: ttt) {
            nextTTT = nextTTT &+ 1 == ResponseBuilder.reservedTag ? 1 : nextTTT &+ 1
            writes[itt] = task
            send(ResponseBuilder.r2t(itt: itt, lun: task.lun, ttt: burst.ttt, r2tSN: burst.r2tSN,
                                     offset: burst.offset, length: burst.length), advance: false)
        }
    }

    func execute(itt: UInt32, lun: UInt64, command: SCSICommand, unit: LogicalUnit?, expected: Int, reading: Bool,
                 dataOut: [UInt8], transfer: Int) {
        guard let target, let context else { return }
        let nexus = self.nexus
        let luns = target.lunNumbers
        let limits = self.limits
        let counters = self.counters
        // Reads the page cache holds are answered here: no hop to the pool and back (never in
        // flight, so an abort for one finds a finished task).
        if let unit, let cached = SCSIExecutor.executeIfCached(command, unit: unit, limits: limits, nexus: nexus) {
            counters.count(read: cached.data.count)
            respond(itt: itt, lun: lun, expected: expected, reading: reading, result: cached, transfer: transfer)
            return
        }
        inFlight.started(itt, lun: lun)
        let future = pool.runIfActive(eventLoop: context.eventLoop) {
            let result = SCSIExecutor.execute(command, unit: unit, luns: luns, limits: limits, nexus: nexus, dataOut: dataOut)
            counters.count(read: result.data.count, written: dataOut.count)
            return result
        }
        future.assumeIsolated().whenComplete { outcome in
            guard !self.isClosed else { return }
            let (respond, answerable) = self.inFlight.finished(itt)
            defer {
                for tmf in answerable { self.send(ResponseBuilder.taskManagementResponse(itt: tmf, response: 0), advance: true) }
                self.context?.flush()
            }
            guard respond else { return }   // aborted: its status is never sent
            switch outcome {
            case .success(let result):
                self.respond(itt: itt, lun: lun, expected: expected, reading: reading, result: result, transfer: transfer)
            case .failure(let error):
                self.logger.warning("iscsi: i/o pool refused a command", metadata: ["error": "\(error)"])
                self.respond(itt: itt, lun: lun, expected: expected, reading: reading, result: SCSIResult(status: .busy, data: [], sense: nil))
            }
        }
    }

    /// Sends the command's data (Data-In, split by the initiator's MaxRecvDataSegmentLength and
    /// MaxBurstLength) and its status, collapsing the status into the last Data-In when it is GOOD.
    /// - Parameter transfer: for a data-out command, the bytes its CDB asks to transfer.
    func respond(itt: UInt32, lun: UInt64, expected: Int, reading: Bool, result: SCSIResult, transfer: Int = 0) {
        let parameters = established?.parameters ?? SessionParameters()
        var data = reading ? result.data : []
        var flags: UInt8 = 0
        var residual: UInt32 = 0
        if reading {
            if data.count > expected {
                residual = UInt32(data.count - expected)
                data.removeLast(data.count - expected)
                flags = 0x04   // overflow
            } else if data.count < expected {
                residual = UInt32(expected - data.count)
                flags = 0x02   // underflow
            }
        } else if !result.data.isEmpty {
            residual = UInt32(result.data.count)
            flags = 0x04
        } else if expected > transfer {
            residual = UInt32(expected - transfer)   // the initiator offered more than the command takes
            flags = 0x02
        } else if expected < transfer {
            residual = UInt32(transfer - expected)   // the command wanted more than the initiator offered
            flags = 0x04
        }
        var dataSN: UInt32 = 0
        if !data.isEmpty {
            let segment = max(512, parameters.initiatorMaxRecvDataSegmentLength)
            let burst = max(segment, parameters.maxBurstLength)
            var offset = 0
            while offset < data.count {
                let end = min(offset + segment, data.count)
                let last = end == data.count
                let endOfBurst = last || (end % burst == 0)
                let collapse = last && result.status == .good && result.sense == nil
                let pdu = ResponseBuilder.dataIn(itt: itt, lun: lun, data: offset == 0 && last ? data : Array(data[offset..<end]), offset: offset, dataSN: dataSN,
                                                 final: endOfBurst, status: collapse ? (result.status, flags, residual) : nil)
                send(pdu, advance: collapse)
                dataSN &+= 1
                offset = end
            }
            if result.status == .good && result.sense == nil { return }
        }
        send(ResponseBuilder.scsiResponse(itt: itt, result: result, residualFlags: flags, residual: residual, expDataSN: dataSN), advance: true)
    }
}

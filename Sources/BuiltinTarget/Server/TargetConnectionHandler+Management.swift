import NIOConcurrencyHelpers

extension TargetConnectionHandler {
    /// Text requests: SendTargets (discovery), answered across several PDUs when longer than the
    /// initiator's MaxRecvDataSegmentLength (C bit + a target transfer tag to continue).
    func text(_ pdu: PDU) {
        let itt = pdu.initiatorTaskTag
        let ttt = pdu.u32(20)
        let segment = max(512, established?.parameters.initiatorMaxRecvDataSegmentLength ?? 8192)
        if ttt != ResponseBuilder.reservedTag, let pending = pendingText, pending.ttt == ttt {
            sendText(itt: itt, bytes: pending.rest, segment: segment)
            return
        }
        guard let keys = TextParameters.parse(pdu.data) else {
            send(ResponseBuilder.reject(pdu.header, reason: .protocolError), advance: true)
            return
        }
        var answer = TextParameters()
        for (key, value) in keys.pairs {
            if key == "SendTargets" {
                for target in visibleTargets(value) {
                    answer.append("TargetName", target)
                    answer.append("TargetAddress", "\(portal),1")
                }
            } else {
                answer.append(key, "NotUnderstood")
            }
        }
        sendText(itt: itt, bytes: answer.encoded, segment: segment)
    }

    func sendText(itt: UInt32, bytes: [UInt8], segment: Int) {
        if bytes.count <= segment {
            pendingText = nil
            send(ResponseBuilder.textResponse(itt: itt, ttt: ResponseBuilder.reservedTag, data: bytes, continues: false), advance: true)
            return
        }
        let ttt = nextTTT
        nextTTT &+= 1
        pendingText = (itt, ttt, Array(bytes[segment...]))
        send(ResponseBuilder.textResponse(itt: itt, ttt: ttt, data: Array(bytes[..<segment]), continues: true), advance: true)
    }

    /// The targets an initiator may see: those whose ACL names it (a discovery session), or the
    /// session's own target (a normal session).
    func visibleTargets(_ value: String) -> [String] {
        guard let established else { return [] }
        switch established.type {
        case .normal(let iqn):
            return value == "All" || value == iqn || value.isEmpty ? [iqn] : []
        case .discovery:
            let allowed = registry.all.filter { $0.access.initiators.contains(established.initiatorName) }.map(\.access.iqn)
            return value == "All" ? allowed : allowed.filter { $0 == value }
        }
    }

    /// Task management (RFC 7143 §11.5): an abort drops a write still collecting data at once; a
    /// command already at the disk finishes there, its status is dropped and the answer waits
    /// for it (`InFlightTasks`).
    func taskManagement(_ pdu: PDU) {
        let function = pdu.header[1] & 0x7f
        let itt = pdu.initiatorTaskTag
        let lun = pdu.lun
        var response: UInt8 = 0
        var deferred = false
        switch function {
        case 1:   // ABORT TASK
            let referenced = pdu.u32(20)
            if writes.removeValue(forKey: referenced) != nil {
                response = 0
            } else if inFlight.abort(tmfITT: itt, where: { task, _ in task == referenced }) {
                deferred = true
            } else {
                // Unknown task: one not received yet (RefCmdSN at or past ExpCmdSN, yet before this
                // request) counts as received and aborted; one received before has finished.
                let refCmdSN = pdu.u32(32), cmdSN = pdu.u32(24)
                let notYetReceived = refCmdSN &- sequence.expCmdSN < 0x8000_0000 && refCmdSN &- cmdSN > 0x7fff_ffff
                response = notYetReceived ? 0 : 1
            }
        case 2, 4:   // ABORT TASK SET, CLEAR TASK SET
            writes = writes.filter { $0.value.lun != lun }
            deferred = inFlight.abort(tmfITT: itt) { _, taskLUN in taskLUN == lun }
        case 3:   // CLEAR ACA: no ACA here
            response = 0
        case 5:   // LOGICAL UNIT RESET
            if let unit = target?.units[pdu.lunNumber] {
                writes = writes.filter { $0.value.lun != lun }
                unit.reservations.withLockedValue { $0.reset() }
                deferred = inFlight.abort(tmfITT: itt) { _, taskLUN in taskLUN == lun }
            } else {
                response = 2
            }
        case 6, 7:   // TARGET WARM / COLD RESET
            writes.removeAll()
            for unit in target.map({ Array($0.units.values) }) ?? [] { unit.reservations.withLockedValue { $0.reset() } }
            if function == 6 { deferred = inFlight.abort(tmfITT: itt) { _, _ in true } }
        case 8:   // TASK REASSIGN: ErrorRecoveryLevel 0
            response = 4
        default:
            response = 5
        }
        guard !deferred else { return }
        send(ResponseBuilder.taskManagementResponse(itt: itt, response: response), advance: true)
        if function == 7 { close() }
    }
}

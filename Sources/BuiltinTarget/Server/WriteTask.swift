/// A SCSI command that is still receiving its data-out: immediate data, unsolicited Data-Out
/// (until the initiator's F bit), then solicited bursts, one R2T outstanding at a time.
struct WriteTask {
    let itt: UInt32
    let lun: UInt64
    let command: SCSICommand
    let unit: LogicalUnit?
    /// What the initiator said it would send (Expected Data Transfer Length).
    let expected: Int
    /// What we take from it: the command's data-out length, at most `expected`.
    let needed: Int
    /// The data-out length the CDB asks for (residuals are counted against it).
    let transfer: Int
    /// `needed` ends inside a block: answered with a check condition once the data is in.
    let partial: Bool
    var buffer: [UInt8]
    var unsolicitedOpen: Bool
    var outstanding: (ttt: UInt32, offset: Int, length: Int, got: Int)?
    var nextOffset = 0
    var r2tSN: UInt32 = 0
    /// The DataSN the next Data-Out must carry: counted from 0 in each sequence (the
    /// unsolicited one, then one per R2T).
    var nextDataSN: UInt32 = 0

    init(itt: UInt32, lun: UInt64, command: SCSICommand, unit: LogicalUnit?, expected: Int, needed: Int, transfer: Int,
         partial: Bool, unsolicitedFollows: Bool) {
        self.itt = itt
        self.lun = lun
        self.command = command
        self.unit = unit
        self.expected = expected
        self.needed = needed
        self.transfer = transfer
        self.partial = partial
        buffer = [UInt8](repeating: 0, count: needed)
        unsolicitedOpen = unsolicitedFollows
    }

    /// Copies data that arrived at `offset`; bytes past what we need are dropped.
    mutating func take(_ data: [UInt8], at offset: Int) -> Bool {
        guard offset >= 0, offset + data.count <= expected else { return false }
        let end = min(offset + data.count, needed)
        if offset < end { buffer.replaceSubrange(offset..<end, with: data[0..<(end - offset)]) }
        nextOffset = max(nextOffset, offset + data.count)
        return true
    }

    var complete: Bool { !unsolicitedOpen && outstanding == nil && nextOffset >= needed }

    /// The next burst to ask for, if any is left.
    mutating func nextBurst(maxBurst: Int, ttt: UInt32) -> (ttt: UInt32, offset: Int, length: Int, r2tSN: UInt32)? {
        guard !unsolicitedOpen, outstanding == nil, nextOffset < needed else { return nil }
        let length = min(maxBurst, needed - nextOffset)
        outstanding = (ttt, nextOffset, length, 0)
        nextDataSN = 0
        defer { r2tSN &+= 1 }
        return (ttt, nextOffset, length, r2tSN)
    }
}

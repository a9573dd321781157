/// REPORT SUPPORTED OPERATION CODES (SPC-4 §6.35): the commands `SCSICommand.decode` knows,
/// with their CDB lengths and usage masks.
enum SupportedOpcodes {
    struct Entry {
        var opcode: UInt8
        var serviceAction: UInt16?
        var cdbLength: Int
    }

    static let all: [Entry] = [
        (0x00, 6), (0x03, 6), (0x08, 6), (0x0a, 6), (0x12, 6), (0x15, 6), (0x16, 6), (0x17, 6), (0x1a, 6), (0x1b, 6),
        (0x25, 10), (0x28, 10), (0x2a, 10), (0x2e, 10), (0x2f, 10), (0x34, 10), (0x35, 10), (0x41, 10), (0x42, 10),
        (0x55, 10), (0x56, 10), (0x57, 10), (0x5a, 10),
        (0x88, 16), (0x89, 16), (0x8a, 16), (0x8b, 16), (0x8e, 16), (0x8f, 16), (0x90, 16), (0x91, 16), (0x93, 16),
        (0xa0, 12), (0xa8, 12), (0xaa, 12), (0xae, 12), (0xaf, 12),
    ].map { Entry(opcode: $0.0, serviceAction: nil, cdbLength: $0.1) } + [
        Entry(opcode: 0x9e, serviceAction: 0x10, cdbLength: 16),
        Entry(opcode: 0x9e, serviceAction: 0x12, cdbLength: 16),
        Entry(opcode: 0xa3, serviceAction: 0x0c, cdbLength: 12),
    ] + (0...3).map { Entry(opcode: 0x5e, serviceAction: $0, cdbLength: 10) }
      + (0...6).map { Entry(opcode: 0x5f, serviceAction: $0, cdbLength: 10) }

    /// A usage mask: the opcode, then every bit of the other bytes as possibly used (the
    /// service action byte masked to its 5 bits).
    static func usage(_ e: Entry) -> [UInt8] {
        var mask = [UInt8](repeating: 0xff, count: e.cdbLength)
        mask[0] = e.opcode
        if let sa = e.serviceAction { mask[1] = UInt8(sa & 0x1f) | 0xe0 }
        mask[e.cdbLength - 1] = 0x07   // control byte: NACA, flag, link bits only
        return mask
    }

    static func report(options: UInt8, opcode: UInt8, serviceAction: UInt16, timeouts: Bool) -> Result<[UInt8], Sense> {
        let timeoutDescriptor: [UInt8] = [0x00, 0x0a] + [UInt8](repeating: 0, count: 10)
        switch options {
        case 0:
            var body: [UInt8] = []
            for e in all {
                let sa = e.serviceAction ?? 0
                body += [e.opcode, 0, UInt8(sa >> 8), UInt8(sa & 0xff), 0,
                         (e.serviceAction != nil ? 0x01 : 0) | (timeouts ? 0x02 : 0),
                         UInt8(e.cdbLength >> 8), UInt8(e.cdbLength & 0xff)]
                if timeouts { body += timeoutDescriptor }
            }
            let n = body.count
            return .success([UInt8(n >> 24 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] + body)
        case 1, 2, 3:
            let withAction = all.filter { $0.opcode == opcode && $0.serviceAction != nil }
            if options == 1 && !withAction.isEmpty { return .failure(.invalidField(2)) }
            let entry: Entry?
            if options == 1 {
                entry = all.first { $0.opcode == opcode && $0.serviceAction == nil }
            } else if options == 2 {
                if withAction.isEmpty && all.contains(where: { $0.opcode == opcode }) { return .failure(.invalidField(2)) }
                entry = withAction.first { $0.serviceAction == serviceAction }
            } else {
                entry = all.first { $0.opcode == opcode && ($0.serviceAction == nil || $0.serviceAction == serviceAction) }
            }
            guard let entry else {
                return .success([0, 0x01, 0, 0])   // SUPPORT = 001b: not supported, no usage data
            }
            let mask = usage(entry)
            var out: [UInt8] = [0, (timeouts ? 0x80 : 0) | 0x03, UInt8(mask.count >> 8), UInt8(mask.count & 0xff)] + mask
            if timeouts { out += timeoutDescriptor }
            return .success(out)
        default:
            return .failure(.invalidField(2))
        }
    }
}

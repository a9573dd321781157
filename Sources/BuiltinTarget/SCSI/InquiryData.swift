/// INQUIRY, VPD, READ CAPACITY, MODE SENSE and REPORT LUNS payloads (SPC-4, SBC-3).
enum InquiryData {
    static let vendor = "DISKLESS"
    static let product = "disklessd disk  "
    static let revision = "0001"

    static func ascii(_ text: String, _ length: Int) -> [UInt8] {
        Array((Array(text.utf8) + [UInt8](repeating: 0x20, count: length)).prefix(length))
    }

    /// Standard INQUIRY data; `present` false answers "no logical unit here" (qualifier 011b).
    static func standard(present: Bool) -> [UInt8] {
        var d = [UInt8](repeating: 0, count: 66)
        d[0] = present ? 0x00 : 0x7f
        d[2] = 0x06            // SPC-4
        d[3] = 0x12            // HiSup, response data format 2
        d[4] = UInt8(d.count - 5)
        d[7] = 0x02            // CmdQue
        d.replaceSubrange(8..<16, with: ascii(vendor, 8))
        d.replaceSubrange(16..<32, with: ascii(product, 16))
        d.replaceSubrange(32..<36, with: ascii(revision, 4))
        // Version descriptors: SAM-5, iSCSI, SPC-4, SBC-3.
        for (i, v) in [UInt16(0x00a0), 0x0960, 0x0460, 0x04c0].enumerated() {
            d[58 + 2 * i] = UInt8(v >> 8)
            d[59 + 2 * i] = UInt8(v & 0xff)
        }
        return d
    }

    static let supportedPages: [UInt8] = [0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2]

    static func vpd(_ page: UInt8, unit: LogicalUnit, limits: TargetLimits) -> [UInt8]? {
        var body: [UInt8]
        switch page {
        case 0x00:
            body = supportedPages
        case 0x80:
            body = Array(unit.serial.utf8)
        case 0x83:
            // NAA designator (binary, LU association) + T10 vendor ID designator (ASCII).
            body = [0x01, 0x03, 0x00, UInt8(unit.naa.count)] + unit.naa
            let t10 = ascii(vendor, 8) + Array(unit.serial.utf8)
            body += [0x02, 0x01, 0x00, UInt8(t10.count)] + t10
        case 0xb0:
            body = [UInt8](repeating: 0, count: 0x3c)
            let bs = unit.device.blockSize
            body[1] = UInt8(SCSIExecutor.maxCompareAndWriteBlocks) // max COMPARE AND WRITE length (blocks)
            put16(&body, 2, 8)                                     // optimal transfer length granularity: 4 KiB
            put32(&body, 4, UInt32(limits.maxTransferBytes / bs))  // maximum transfer length
            put32(&body, 8, UInt32(min(limits.maxTransferBytes, 1_048_576) / bs))   // optimal transfer length
            if unit.device.supportsUnmap {
                put32(&body, 16, 0xffff_ffff)                      // maximum UNMAP LBA count
                put32(&body, 20, 256)                              // maximum UNMAP block descriptor count
                put32(&body, 24, 8)                                // optimal UNMAP granularity
            }
            put32(&body, 36, UInt32(limits.maxTransferBytes / bs)) // maximum WRITE SAME length (low half of bytes 36-43)
        case 0xb1:
            body = [UInt8](repeating: 0, count: 0x3c)
            body[1] = 0x01                                         // non-rotating medium
        case 0xb2:
            body = [UInt8](repeating: 0, count: 4)
            if unit.device.supportsUnmap {
                body[1] = 0x80 | 0x40 | 0x20                       // LBPU, LBPWS, LBPWS10: UNMAP and WRITE SAME with UNMAP work
                body[2] = 0x02                                     // provisioning type: thin
            }
        default:
            return nil
        }
        var d: [UInt8] = [0x00, page]
        put16Append(&d, body.count)
        return d + body
    }

    static func readCapacity10(_ device: any BlockDevice) -> [UInt8] {
        var d = [UInt8](repeating: 0, count: 8)
        let last = device.blockCount - 1
        put32(&d, 0, last > 0xffff_fffe ? 0xffff_ffff : UInt32(last))
        put32(&d, 4, UInt32(device.blockSize))
        return d
    }

    static func readCapacity16(_ device: any BlockDevice) -> [UInt8] {
        var d = [UInt8](repeating: 0, count: 32)
        let last = device.blockCount - 1
        for i in 0..<8 { d[i] = UInt8(truncatingIfNeeded: last >> (56 - 8 * UInt64(i))) }
        put32(&d, 8, UInt32(device.blockSize))
        if device.supportsUnmap { d[14] = 0x80 }                   // LBPME
        return d
    }

    /// MODE SENSE(6/10): header, an optional block descriptor, then the asked pages.
    static func modeSense(ten: Bool, page: UInt8, subpage: UInt8, control: UInt8, dbd: Bool, device: any BlockDevice) -> [UInt8]? {
        guard subpage == 0 || subpage == 0xff else { return nil }
        var pages: [UInt8] = []
        let changeable = control == 1
        let caching: [UInt8] = {
            var p = [UInt8](repeating: 0, count: 20)
            p[0] = 0x08; p[1] = 18
            if !changeable { p[2] = 0x04 }                         // WCE: writes are cached until SYNCHRONIZE CACHE
            return p
        }()
        let controlPage: [UInt8] = {
            var p = [UInt8](repeating: 0, count: 12)
            p[0] = 0x0a; p[1] = 10
            if !changeable { p[8] = 0xff; p[9] = 0xff }            // busy timeout period: unlimited
            return p
        }()
        let exceptions: [UInt8] = {
            var p = [UInt8](repeating: 0, count: 12)
            p[0] = 0x1c; p[1] = 10
            return p
        }()
        switch page {
        case 0x08: pages = caching
        case 0x0a: pages = controlPage
        case 0x1c: pages = exceptions
        case 0x3f: pages = caching + controlPage + exceptions
        default: return nil
        }
        var descriptor: [UInt8] = []
        if !dbd {
            descriptor = [UInt8](repeating: 0, count: 8)
            let blocks = device.blockCount > 0xff_ffff ? 0 : UInt32(device.blockCount)
            descriptor[1] = UInt8(truncatingIfNeeded: blocks >> 16)
            descriptor[2] = UInt8(truncatingIfNeeded: blocks >> 8)
            descriptor[3] = UInt8(truncatingIfNeeded: blocks)
            descriptor[5] = UInt8(truncatingIfNeeded: device.blockSize >> 16)
            descriptor[6] = UInt8(truncatingIfNeeded: device.blockSize >> 8)
            descriptor[7] = UInt8(truncatingIfNeeded: device.blockSize)
        }
        let deviceSpecific: UInt8 = device.readOnly ? 0x80 : 0x10   // WP, or DPOFUA
        if ten {
            var h = [UInt8](repeating: 0, count: 8)
            let length = 6 + descriptor.count + pages.count
            put16(&h, 0, length)
            h[3] = deviceSpecific
            put16(&h, 6, descriptor.count)
            return h + descriptor + pages
        }
        let h: [UInt8] = [UInt8(3 + descriptor.count + pages.count), 0, deviceSpecific, UInt8(descriptor.count)]
        return h + descriptor + pages
    }

    static func reportLUNs(_ numbers: [Int]) -> [UInt8] {
        var d = [UInt8](repeating: 0, count: 8)
        put32(&d, 0, UInt32(numbers.count * 8))
        for n in numbers.sorted() {
            var entry = [UInt8](repeating: 0, count: 8)
            if n < 256 { entry[1] = UInt8(n) } else { entry[0] = 0x40 | UInt8((n >> 8) & 0x3f); entry[1] = UInt8(n & 0xff) }
            d += entry
        }
        return d
    }

    static func put16(_ d: inout [UInt8], _ i: Int, _ v: Int) {
        d[i] = UInt8(truncatingIfNeeded: v >> 8); d[i + 1] = UInt8(truncatingIfNeeded: v)
    }

    static func put16Append(_ d: inout [UInt8], _ v: Int) {
        d.append(UInt8(truncatingIfNeeded: v >> 8)); d.append(UInt8(truncatingIfNeeded: v))
    }

    static func put32(_ d: inout [UInt8], _ i: Int, _ v: UInt32) {
        for k in 0..<4 { d[i + k] = UInt8(truncatingIfNeeded: v >> (24 - 8 * UInt32(k))) }
    }
}

import NIOConcurrencyHelpers

/// One LUN of a target: its number, storage and the identity INQUIRY reports.
public final class LogicalUnit: Sendable {
    public let number: Int
    public let device: any BlockDevice
    /// Unit serial number (VPD 0x80): stable for a target name and LUN.
    public let serial: String
    /// NAA IEEE Registered Extended identifier (VPD 0x83), 16 bytes, derived from the serial.
    public let naa: [UInt8]
    /// SPC-2 and persistent reservations: shared by every session of the target.
    public let reservations = NIOLockedValueBox(ReservationState())

    public init(number: Int, device: any BlockDevice, identity: String) {
        self.number = number
        self.device = device
        // FNV-1a over the identity: stable across restarts, distinct per target + LUN.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in "\(identity)/\(number)".utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        serial = String(hash, radix: 16, uppercase: true)
        var naa = [UInt8](repeating: 0, count: 16)
        naa[0] = 0x60   // NAA 6, OUI 0x000000 (locally administered-style; no IEEE OUI of our own)
        for i in 0..<8 { naa[8 + i] = UInt8(truncatingIfNeeded: hash >> (56 - 8 * UInt64(i))) }
        naa[3] = 0x0d   // vendor-specific bits: fixed "disklessd" marker
        self.naa = naa
    }
}

import Domain

/// The Wake-on-LAN magic packet: six 0xFF bytes, then the target MAC sixteen times (102 bytes).
///
/// ```
/// FF FF FF FF FF FF | MAC MAC MAC … (16×)
/// ```
public enum WakeOnLANPacket {
    public static func payload(for mac: MACAddress) -> [UInt8] {
        var bytes = [UInt8](repeating: 0xFF, count: 6)
        bytes.reserveCapacity(6 + 16 * 6)
        for _ in 0..<16 { bytes.append(contentsOf: mac.bytes) }
        return bytes
    }
}

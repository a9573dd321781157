import Domain

/// What the Preset door reports when a request cannot be served. Every case maps to a Preset
/// result code in `PresetResultCode.result(for:)`.
public enum PresetThriftError: Error, Sendable, Hashable, CustomStringConvertible {
    /// `Message.host` names no machine (code 6).
    case unknownHost(String)
    /// SET_BOOT_MENU named a boot item that does not exist (code 1101).
    case bootItemNotFound(String)
    /// SET_SMYOO_DEVICE_POWER status other than 0 or 1 (code 1201).
    case invalidPowerStatus(Int32)
    /// The power driver failed (code 1202).
    case powerFailed(String)
    /// The machine has no power driver (code 2001).
    case noPowerDevice(String)
    /// Types 33–35 named a host that is no machine (code 2001, as the prototype answered).
    case unknownDevice(String)
    /// A request body that is not the struct its type needs (code 3).
    case invalidBody(String)
    /// The value was refused by validation (code 3, the message names the field).
    case invalid(String)
    case internalError(String)

    public var description: String {
        switch self {
        case .unknownHost(let h): "unknown host \(h.debugDescription)"
        case .bootItemNotFound(let m): "boot item \(m.debugDescription) does not exist"
        case .invalidPowerStatus(let s): "power status \(s) is not 0 or 1"
        case .powerFailed(let why): "power operation failed: \(why)"
        case .noPowerDevice(let h): "machine \(h.debugDescription) has no power device"
        case .unknownDevice(let h): "no machine or power device named \(h.debugDescription)"
        case .invalidBody(let why): "invalid message body: \(why)"
        case .invalid(let why): "invalid value: \(why)"
        case .internalError(let why): "internal error: \(why)"
        }
    }
}

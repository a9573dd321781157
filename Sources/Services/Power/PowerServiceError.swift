import Domain

/// Why a power or agent operation could not be done.
public enum PowerServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The machine has no power driver (or none that can do this action).
    case noPowerDevice(machine: String, action: PowerAction)
    /// The driver tried and failed.
    case failed(machine: String, action: PowerAction, reason: String)
    /// The machine has no IP address, so its agent cannot be reached.
    case noAgentAddress(machine: String)
    /// The power service did not answer within the power timeout.
    case timedOut(machine: String, action: PowerAction, reason: String)
    /// The driver's account was refused or its session could not be renewed (Smyoo).
    case sessionInvalid(machine: String, reason: String)
    /// The driver's service knows no device for this machine (no Smyoo card of that name or mcuid).
    case noSuchDevice(machine: String, reason: String)

    public var description: String {
        switch self {
        case .noPowerDevice(let m, let a):
            "machine \(m.debugDescription) has no power device that can \(a.verb); drivers that can \(a.verb): "
                + PowerDriverKind.able(to: a).map(\.rawValue).joined(separator: ", ")
        case .failed(let m, let a, let why): "power \(a.rawValue) of machine \(m.debugDescription) failed: \(why)"
        case .noAgentAddress(let m): "machine \(m.debugDescription) has no ip address for its agent"
        case .timedOut(let m, let a, let why): "power \(a.rawValue) of machine \(m.debugDescription) timed out: \(why)"
        case .sessionInvalid(let m, let why): "power service session for machine \(m.debugDescription) is invalid: \(why)"
        case .noSuchDevice(let m, let why): "machine \(m.debugDescription) has no such power device: \(why)"
        }
    }
}

extension PowerAction {
    /// `switch on`, `switch off`, `reboot`.
    var verb: String { self == .reboot ? "reboot" : "switch \(rawValue)" }
}

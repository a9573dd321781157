import Domain

/// Why a power or agent operation could not be done.
public enum PowerServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The machine has no power driver (or none that can do this action).
    case noPowerDevice(machine: String, action: PowerAction)
    /// The driver tried and failed.
    case failed(machine: String, action: PowerAction, reason: String)
    /// The machine has no IP address, so its agent cannot be reached.
    case noAgentAddress(machine: String)

    public var description: String {
        switch self {
        case .noPowerDevice(let m, let a): "machine \(m.debugDescription) has no power device that can switch \(a.rawValue)"
        case .failed(let m, let a, let why): "power \(a.rawValue) of machine \(m.debugDescription) failed: \(why)"
        case .noAgentAddress(let m): "machine \(m.debugDescription) has no ip address for its agent"
        }
    }
}

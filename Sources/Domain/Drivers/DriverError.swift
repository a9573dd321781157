/// What a storage, target or power driver reports when it cannot do what it was asked.
public enum DriverError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The driver cannot run on this host (no tgtd, no configfs, no volume group …).
    case unavailable(String)
    /// A command or kernel interface answered with an error.
    case commandFailed(command: String, status: Int32, output: String)
    case notFound(String)
    case alreadyExists(String)
    /// A value the driver would have passed on failed validation.
    case invalid(String)
    case timedOut(String)
    /// The driver's account was refused, or its session expired and could not be renewed.
    case authenticationFailed(String)

    public var description: String {
        switch self {
        case .unavailable(let why): "unavailable: \(why)"
        case .commandFailed(let command, let status, let output):
            "\(command) failed with status \(status): \(output.trimmingTrailingWhitespace())"
        case .notFound(let what): "not found: \(what)"
        case .alreadyExists(let what): "already exists: \(what)"
        case .invalid(let why): "invalid: \(why)"
        case .timedOut(let what): "timed out: \(what)"
        case .authenticationFailed(let why): "authentication failed: \(why)"
        }
    }
}

extension String {
    func trimmingTrailingWhitespace() -> String {
        var s = Substring(self)
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

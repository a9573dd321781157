import Domain

extension ServiceError {
    /// The stable code of this error (`ErrorCode`); a not-found or a conflict carries its own,
    /// set where it is thrown.
    public var code: ErrorCode {
        switch self {
        case .validation: .validationField
        case .notFound(let code, _): code
        case .conflict(let code, _): code
        case .preconditionFailed: .revisionStale
        case .unauthorized: .authInvalid
        case .forbidden: .authForbidden
        case .rateLimited: .rateLimited
        case .unavailable: .unavailable
        case .internal: .internal
        }
    }
}

extension DriverError {
    /// A driver that cannot run here is the target (or storage) being unavailable; anything else
    /// it answered is a storage failure.
    public var code: ErrorCode {
        switch self {
        case .unavailable: .targetUnavailable
        default: .storageFailed
        }
    }
}

extension PowerServiceError {
    public var code: ErrorCode {
        switch self {
        case .noPowerDevice, .noSuchDevice: .powerNoDevice
        case .failed: .powerUnreachable
        case .timedOut: .powerTimedOut
        case .sessionInvalid: .powerSessionInvalid
        case .noAgentAddress: .powerNoAgentAddress
        }
    }
}

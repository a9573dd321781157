import Domain
import Services
import ThriftCodec

extension PresetResultCode {
    /// The one place errors become Preset result codes. The message is lower-case text that says
    /// what was wrong with which value.
    public static func result(for error: any Error) -> ResultStruct {
        switch error {
        case let e as PresetThriftError:
            let code: Int32 = switch e {
            case .unknownHost: unknownHost
            case .bootItemNotFound: bootItemNotFound
            case .invalidPowerStatus: invalidPowerStatus
            case .powerFailed: powerOperationFailed
            case .noPowerDevice, .unknownDevice: noPowerDevice
            case .invalidBody, .invalid: exceptionOccurred
            case .internalError: unknownError
            }
            return ResultStruct(code: code, text: e.description)
        case let e as AgentError:
            return ResultStruct(code: e.presetCode, text: e.message)
        case let e as PowerServiceError:
            let code: Int32 = switch e {
            case .noPowerDevice: noPowerDevice
            case .failed: powerOperationFailed
            case .noAgentAddress: connectFailed
            case .timedOut: timeout
            case .sessionInvalid: smyooSessionInvalid
            case .noSuchDevice: noPowerDevice
            }
            return ResultStruct(code: code, text: e.description)
        case let e as DriverError:
            switch e {
            case .timedOut: return ResultStruct(code: timeout, text: "power driver: \(e.description)")
            case .unavailable: return ResultStruct(code: noPowerDevice, text: "power driver: \(e.description)")
            case .authenticationFailed: return ResultStruct(code: smyooSessionInvalid, text: "power driver: \(e.description)")
            default: return ResultStruct(code: powerOperationFailed, text: "power driver: \(e.description)")
            }
        case let e as ServiceError:
            let code: Int32 = switch e {
            case .notFound: unknownHost
            case .validation, .conflict, .preconditionFailed, .forbidden, .unauthorized: exceptionOccurred
            case .rateLimited, .unavailable, .internal: unknownError
            }
            return ResultStruct(code: code, text: e.description)
        case let e as ThriftError:
            return ResultStruct(code: exceptionOccurred, text: "invalid message body: \(e.description)")
        case let e as ValidationError:
            return ResultStruct(code: exceptionOccurred, text: "invalid value: \(e)")
        default:
            return ResultStruct(code: unknownError, text: "\(error)".lowercased())
        }
    }
}

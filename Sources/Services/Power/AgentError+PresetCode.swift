import Domain
import ThriftCodec

extension AgentError {
    /// The Preset result code of this failure: connect failed, timeout, exception occurred.
    /// Shared by the Thrift door (through `PresetResultCode.result(for:)`) and the REST route
    /// that forwards password changes, so both doors answer the same codes.
    public var presetCode: Int32 {
        switch self {
        case .connectFailed: PresetResultCode.connectFailed
        case .timedOut: PresetResultCode.timeout
        case .protocolError: PresetResultCode.exceptionOccurred
        }
    }

    /// Lower-case text for the `{code, message}` answers.
    public var message: String {
        switch self {
        case .connectFailed(let why): "agent connect failed: \(why)"
        case .timedOut(let why): "agent timed out: \(why)"
        case .protocolError(let why): "agent protocol error: \(why)"
        }
    }
}

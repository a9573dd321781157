/// The Preset result codes (`ResultStruct.code`), named once for every place that answers or
/// reads them: the Thrift door (`PresetResultCode.result(for:)` in PresetThrift), the agent
/// client and the REST power routes' `{code, message}`. Agent codes (10002…) pass through unchanged.
public enum PresetResultCode {
    public static let success: Int32 = 0
    public static let unknownError: Int32 = 2
    public static let exceptionOccurred: Int32 = 3
    public static let timeout: Int32 = 4
    public static let unknownMessageType: Int32 = 5
    public static let unknownHost: Int32 = 6
    public static let connectFailed: Int32 = 7
    public static let bootItemNotFound: Int32 = 1101
    public static let invalidPowerStatus: Int32 = 1201
    public static let powerOperationFailed: Int32 = 1202
    public static let smyooSessionInvalid: Int32 = 1203  // the Smyoo account was refused or its session could not be renewed
    public static let noPowerDevice: Int32 = 2001
}

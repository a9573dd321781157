/// The `Message.type` values of the Preset protocol.
public enum PresetMessageType: Int32, Sendable, Hashable, CaseIterable {
    case ping = 1
    case getHostInfo = 2
    case setHostInfo = 3
    case getUserList = 4
    case setUserPassword = 5
    case getBootMenu = 32
    case setBootMenu = 33
    case getSmyooDeviceInfo = 34
    case setSmyooDevicePower = 35

    /// The types disklessd forwards to the agent in the client OS.
    public var isForwarded: Bool {
        switch self {
        case .getHostInfo, .setHostInfo, .getUserList, .setUserPassword: true
        default: false
        }
    }
}

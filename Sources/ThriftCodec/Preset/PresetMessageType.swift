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

    /// SET_BOOT_MENU, GET_SMYOO_DEVICE_INFO, SET_SMYOO_DEVICE_POWER: the types about one host's
    /// boot and power device (an unknown host is code 2001 there, as in the prototype).
    public var isHostDevice: Bool {
        switch self {
        case .setBootMenu, .getSmyooDeviceInfo, .setSmyooDevicePower: true
        default: false
        }
    }
}

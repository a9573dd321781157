import Domain
import ThriftCodec

/// The checks a body must pass before it is forwarded to a machine's agent, whichever door it
/// came through: a Thrift SET_USER_PASSWORD gets the REST password change's rules, a
/// SET_HOST_INFO a valid host name and address. Read-only calls carry no body worth checking.
enum AgentBodyCheck {
    static let maxUserName = 64
    static let maxPassword = 256

    static func check(type: Int32, body: [UInt8]) throws {
        switch PresetMessageType(rawValue: type) {
        case .setUserPassword:
            guard let value = try? UserPassword(serialized: body) else {
                throw ValidationError(field: "body", "not a UserPassword struct")
            }
            try checkUserPassword(userName: value.userName ?? "", password: value.password ?? "")
        case .setHostInfo:
            guard let value = try? HostInfo(serialized: body) else { throw ValidationError(field: "body", "not a HostInfo struct") }
            guard value.hostName != nil || value.ipAddress != nil else {
                throw ValidationError(field: "hostName", "hostName or ipAddress is required")
            }
            if let name = value.hostName { _ = try Validate.hostname(name, field: "hostName") }
            if let address = value.ipAddress { _ = try Validate.ipv4(address, field: "ipAddress") }
        default:
            return
        }
    }

    /// The REST password change's rules (`POST /machines/{id}/password`).
    static func checkUserPassword(userName: String, password: String) throws {
        _ = try Validate.text(userName, field: "userName", max: maxUserName, allowEmpty: false)
        guard !password.isEmpty, password.count <= maxPassword, !Validate.hasControlCharacters(password) else {
            throw ValidationError(field: "password", "password must be 1 to \(maxPassword) characters without control characters")
        }
    }
}

import Domain
import ProcessSpawn

/// Switches machines through their BMC with `ipmitool -I lanplus -H host -U user -E chassis power …`.
/// The password travels in the `IPMI_PASSWORD` environment variable (`-E`), never on the command
/// line where every local user could read it.
public struct IPMIPowerDriver: PowerDriver {
    public let kind = PowerDriverKind.ipmi
    let runner: any CommandRunner

    public init(runner: any CommandRunner = ProcessCommandRunner()) { self.runner = runner }

    public func perform(_ action: PowerAction, on machine: Machine, context: PowerContext) async throws {
        let verb = switch action {
        case .on: "on"
        case .off: "off"
        case .reboot: "cycle"
        }
        let result = try await ipmitool(verb, machine: machine, context: context)
        guard result.status == 0 else {
            throw DriverError.commandFailed(command: "ipmitool chassis power \(verb)", status: result.status, output: result.output)
        }
    }

    public func state(of machine: Machine, context: PowerContext) async -> PowerState {
        guard let result = try? await ipmitool("status", machine: machine, context: context), result.status == 0 else {
            return .unknown
        }
        // ipmitool prints "Chassis Power is on" / "Chassis Power is off".
        let text = result.output.lowercased()
        if text.contains("power is on") { return .on }
        if text.contains("power is off") { return .off }
        return .unknown
    }

    /// The exact argument vector for `verb` (on, off, cycle, status); validated first.
    public static func arguments(_ verb: String, machine: Machine) throws -> [String] {
        guard let host = machine.power.ipmiHost, !host.isEmpty else {
            throw DriverError.invalid("machine \(machine.name) has no ipmi host")
        }
        guard IPv4Address(host) != nil || isDNSName(host) else {
            throw DriverError.invalid("ipmi host \(host.debugDescription) is not an ipv4 address or host name")
        }
        let user = machine.power.ipmiUser ?? ""
        guard (1...32).contains(user.count),
              user.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-@".contains($0)) }),
              user.first != "-" else {
            throw DriverError.invalid("ipmi user \(user.debugDescription) must be 1 to 32 letters, digits, '.', '_', '-' or '@'")
        }
        return ["-I", "lanplus", "-H", host, "-U", user, "-E", "chassis", "power", verb]
    }

    func ipmitool(_ verb: String, machine: Machine, context: PowerContext) async throws -> CommandResult {
        let args = try Self.arguments(verb, machine: machine)
        let env = ["IPMI_PASSWORD": machine.power.ipmiPassword ?? ""]
        return try await runner.run([context.settings.ipmitoolPath] + args, environment: env,
                                    timeoutSeconds: Double(max(context.timeoutSeconds, 10)))
    }

    static func isDNSName(_ s: String) -> Bool {
        guard s.count <= 253 else { return false }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        return !labels.isEmpty && labels.allSatisfy { (try? Validate.hostname(String($0))) != nil }
    }
}

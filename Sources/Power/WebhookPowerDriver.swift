import Domain
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Switches machines through an HTTP service (smart plug, power card): POST of
/// `{"machine": name, "mac": "aa:bb:…", "action": "on|off|reboot"}` as JSON to the machine's
/// webhook URL. Any 2xx answer is success; the request is bounded by the context's timeout.
public struct WebhookPowerDriver: PowerDriver {
    public let kind = PowerDriverKind.webhook

    public init() {}

    /// The JSON body sent for `action`.
    public struct Payload: Codable, Sendable, Hashable {
        public var machine: String
        public var mac: String
        public var action: String

        public init(machine: String, mac: String, action: String) {
            self.machine = machine
            self.mac = mac
            self.action = action
        }
    }

    public func perform(_ action: PowerAction, on machine: Machine, context: PowerContext) async throws {
        let request = try Self.request(action, machine: machine, timeoutSeconds: max(1, context.timeoutSeconds))
        let status: Int
        let body: Data
        do {
            let (data, response) = try await URLSession.shared.data(for: request)
            status = (response as? HTTPURLResponse)?.statusCode ?? 0
            body = data
        } catch let error as URLError where error.code == .timedOut {
            throw DriverError.timedOut("webhook \(Self.shown(request.url)) after \(context.timeoutSeconds) s")
        } catch {
            throw DriverError.unavailable("webhook \(Self.shown(request.url)): \(error.localizedDescription)")
        }
        guard (200..<300).contains(status) else {
            throw DriverError.commandFailed(command: "webhook post", status: Int32(clamping: status),
                                            output: String(decoding: body.prefix(200), as: UTF8.self))
        }
    }

    /// The URL for errors, logs and events: without user info, query and fragment, where tokens live.
    static func shown(_ url: URL?) -> String {
        guard let url, var parts = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return "" }
        parts.user = nil
        parts.password = nil
        parts.query = nil
        parts.fragment = nil
        return parts.string ?? ""
    }

    /// A webhook cannot tell the state.
    public func state(of machine: Machine, context: PowerContext) async -> PowerState { .unknown }

    /// The request for `action`, the URL validated first.
    public static func request(_ action: PowerAction, machine: Machine, timeoutSeconds: Int) throws -> URLRequest {
        guard let text = machine.power.webhookURL, (try? Validate.url(text, field: "webhookURL")) != nil,
              let url = URL(string: text) else {
            throw DriverError.invalid("machine \(machine.name) has no valid webhook url")
        }
        var request = URLRequest(url: url, timeoutInterval: TimeInterval(timeoutSeconds))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let payload = Payload(machine: machine.name, mac: machine.mac.description, action: action.rawValue)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        request.httpBody = try encoder.encode(payload)
        return request
    }
}

import Domain
import Foundation
import Logging

extension BootService {
    /// The address a boot request is counted and judged under: the socket `peer`, or the client
    /// a trusted proxy (settings.http.trustedProxies) names in `X-Forwarded-For` (the login
    /// rule, `AuthService.clientAddress`). The trusted proxies come from the settings kept per
    /// store generation (`bootSettings`), not from a database read per request.
    public func clientAddress(peer: String, forwardedFor: String?) async -> String {
        guard forwardedFor != nil, let settings = try? await bootSettings(generation: await currentGeneration()) else {
            return String(peer.prefix(64))
        }
        return ForwardedClient.resolve(peer: peer, forwardedFor: forwardedFor, trusted: settings.http.trustedProxies)
    }

    /// Records that a client that is not `machine` asked for its script: a `boot.refused` event
    /// (at most one per client address and machine a minute, so a loop cannot flood the log).
    func refused(_ machine: Machine, client: BootClient, _ ownership: BootOwnership) async {
        guard case .stranger(let reason) = ownership else { return }
        let from = client.ip?.description ?? "unknown"
        let key = "\(from) \(machine.mac.hexraw)"
        guard refusals.withLock({ $0.shouldLog(key, now: services.context.now) }) else { return }
        logger.warning("boot: a client that is not the machine asked for its script; no reset, no secrets",
                       metadata: ["machine": "\(machine.name)", "from": "\(from)", "reason": "\(reason)"])
        _ = try? await services.events.record(Event(time: services.context.now, actor: "boot", action: "boot.refused", subject: "machine/\(machine.id)",
                                                    outcome: .failure,
                                                    detail: "from=\(from) mac=\(machine.mac): \(reason); served without secrets, no reset"))
    }
}

extension Machine {
    /// The machine as a stranger may see it: no CHAP secret.
    var withoutSecrets: Machine {
        var m = self
        m.chapSecret = nil
        return m
    }
}

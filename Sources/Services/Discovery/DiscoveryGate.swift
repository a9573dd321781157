import Domain
import Foundation
import Logging
import Store

/// Keeps the discovered-machines table bounded against spoofed DHCP DISCOVERs and boot
/// requests: a source (client address, or `dhcp` for broadcast DISCOVERs, which all come from
/// 0.0.0.0) may add `limits.discoveredPerSourcePerMinute` new MACs a minute, and beyond
/// `limits.discoveredMax` rows the least recently seen are dropped. Seeing a MAC again only
/// refreshes it and is never limited; registered machines are never affected.
final class DiscoveryGate: Sendable {
    private struct Window {
        var start: Date
        var added: Int
    }

    private struct State {
        var windows: [String: Window] = [:]
        var refusals = RefusalLog()
    }

    private let state = Locked(State())
    /// Sources tracked at most; the one whose window started longest ago makes room.
    static let maxSources = 4096

    /// Inside `tx`: records unknown `mac` as discovered when allowed, then trims the table.
    func record(_ tx: StoreTx, mac: MACAddress, ip: IPv4Address?, via: String, platform: String?, at now: Date,
                source: String, logger: Logger) throws {
        let limits = (try tx.settings() ?? Settings()).limits
        if try tx.discovered(mac: mac) == nil {
            let (allowed, log) = admit(source, perMinute: limits.discoveredPerSourcePerMinute, now: now)
            guard allowed else {
                if log {
                    logger.warning("discovery: new machines from this source are rate limited (logged once a minute per source)",
                                   metadata: ["source": "\(source)", "perMinute": "\(limits.discoveredPerSourcePerMinute)"])
                }
                return
            }
        }
        try tx.upsertDiscovered(mac: mac, ip: ip, via: via, platform: platform, at: now)
        try tx.trimDiscovered(keep: limits.discoveredMax)
    }

    /// Counts one new MAC for `source` in its current one-minute window.
    func admit(_ source: String, perMinute: Int, now: Date) -> (allowed: Bool, log: Bool) {
        state.withLock { s in
            var window = s.windows[source] ?? Window(start: now, added: 0)
            if now.timeIntervalSince(window.start) >= 60 { window = Window(start: now, added: 0) }
            guard window.added < perMinute else {
                s.windows[source] = window
                return (false, s.refusals.shouldLog(source, now: now))
            }
            window.added += 1
            if s.windows[source] == nil, s.windows.count >= Self.maxSources,
               let oldest = s.windows.min(by: { $0.value.start < $1.value.start }) {
                s.windows.removeValue(forKey: oldest.key)
            }
            s.windows[source] = window
            return (true, false)
        }
    }
}

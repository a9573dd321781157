import Foundation

/// The real client of a request that may have come through reverse proxies. `X-Forwarded-For`
/// is believed only when the socket peer is a trusted proxy, and then only up to the first
/// address that is not itself a trusted proxy (read from the right: anything further left was
/// written by the client and can be forged).
///
///     X-Forwarded-For: <forged?>, <client>, <proxy 1>      peer = proxy 2 (trusted)
///                                 ^ the answer when proxy 1 is trusted too
public enum ForwardedClient {
    /// The address to count and log the request under (at most 64 characters).
    public static func resolve(peer: String, forwardedFor: String?, trusted: [IPv4Address]) -> String {
        let peer = String(peer.prefix(64))
        guard let header = forwardedFor, !trusted.isEmpty, let peerIP = IPv4Address(unmapped(peer)),
              trusted.contains(peerIP) else { return peer }
        var client = peer
        // A hostile header may be long: look at the last 16 hops at most.
        for hop in header.split(separator: ",").suffix(16).reversed() {
            let text = hop.trimmingCharacters(in: .whitespaces)
            guard let ip = IPv4Address(text) else { break }
            client = text
            if !trusted.contains(ip) { break }
        }
        return client
    }

    /// `::ffff:10.0.0.1` → `10.0.0.1` (an IPv4 peer on a dual-stack socket).
    static func unmapped(_ address: String) -> String {
        address.hasPrefix("::ffff:") ? String(address.dropFirst(7)) : address
    }
}

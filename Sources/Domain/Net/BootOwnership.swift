/// Whether a request for a machine's boot script comes from the machine itself. Only then is it
/// the machine's boot event (its disk is reset when its mode asks for it) and only then does the
/// script carry the machine's CHAP secret; anyone else on the LAN gets the script without
/// secrets and changes nothing (docs/security.md, "The boot event belongs to the machine").
///
/// The proof is the server's own neighbour table: to hold a TCP connection from an address on
/// the server's LAN, that address must answer ARP, and the kernel records which MAC did. A
/// customer who sets another PC's IP address still answers with his own MAC. Deliberately not
/// proof on their own: the machine's configured IP (anyone can take it) and the address in a
/// DHCP packet (its `chaddr` is payload any program can write).
public enum BootOwnership: Sendable, Hashable {
    /// The neighbour table maps the client's address to the machine's MAC.
    case machineItself
    /// `http.trustAnyBootClient` is on (labs, benchmarks): every client counts as the machine.
    case anyClientTrusted
    /// Someone else, or no way to tell; `reason` says which (for the `boot.refused` event).
    case stranger(reason: String)

    /// May this request trigger the boot event and receive secrets?
    public var isMachine: Bool {
        if case .stranger = self { return false }
        return true
    }

    /// Judges a request for the script of the machine with `mac` from `client`.
    /// - Parameters:
    ///   - client: the request's client address (the socket peer, or the client a trusted proxy
    ///     names); nil when unknown.
    ///   - trustAnyClient: settings.http.trustAnyBootClient.
    ///   - neighbour: the MAC the kernel's neighbour table holds for an address.
    public static func judge(mac: MACAddress, client: IPv4Address?, trustAnyClient: Bool,
                             neighbour: (IPv4Address) -> MACAddress?) -> BootOwnership {
        if trustAnyClient { return .anyClientTrusted }
        guard let client else { return .stranger(reason: "the client address is unknown") }
        guard let seen = neighbour(client) else {
            return .stranger(reason: "\(client) is not in the server's neighbour table (not on its LAN)")
        }
        guard seen == mac else { return .stranger(reason: "\(client) belongs to \(seen)") }
        return .machineItself
    }
}

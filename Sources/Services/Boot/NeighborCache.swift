import Domain
import Foundation

/// The kernel's neighbour table as the boot door reads it: parsed once and kept for `maxAge`
/// (reading `/proc/net/arp` with a thousand entries per request cost more than the rest of a
/// cached script). Only an answer that proves ownership is taken from the kept copy; any other
/// (no entry, another MAC) reads the table again, so a machine that just joined is never refused
/// for a stale copy. The window this leaves: for at most `maxAge` after another host takes a
/// machine's address, the kept copy still names the machine (docs/security.md).
final class NeighborCache: Sendable {
    let table: NeighborTable
    let maxAge: Duration
    private let kept = Locked<(at: ContinuousClock.Instant, entries: [IPv4Address: MACAddress])?>(nil)

    init(table: NeighborTable, maxAge: Duration = .seconds(1)) {
        self.table = table
        self.maxAge = maxAge
    }

    /// `expecting` when the kept copy (younger than `maxAge`) maps `address` to it, else nil
    /// without reading the table (the boot fast path: no file read on an event loop).
    func keptMAC(for address: IPv4Address, expecting: MACAddress) -> MACAddress? {
        let now = ContinuousClock.Instant.now
        guard let copy = kept.withLock({ $0 }), now - copy.at < maxAge, copy.entries[address] == expecting else { return nil }
        return expecting
    }

    /// The MAC the neighbour table holds for `address`; `expecting` is the MAC that would prove
    /// ownership (the only answer taken from the kept copy).
    func mac(for address: IPv4Address, expecting: MACAddress) -> MACAddress? {
        let now = ContinuousClock.Instant.now
        if let copy = kept.withLock({ $0 }), now - copy.at < maxAge, copy.entries[address] == expecting { return expecting }
        guard let text = NeighborTable.read(table.path) else { return nil }
        let entries = NeighborTable.parse(text)
        kept.withLock { $0 = (now, entries) }
        return entries[address]
    }
}

import Domain
import Foundation

extension BootPhaseLog {
    /// What one boot event record is about: a machine reaching a phase from an address. Entries
    /// with the same key are one row of a batch.
    struct Key: Hashable, Sendable {
        let machineID: Int64
        let phase: BootPhase
        let ip: IPv4Address?
    }

    /// Every add of one key since the last batch took it: how many, the first and the last time.
    struct Entry: Sendable {
        let key: Key
        let mac: MACAddress
        var count: Int
        var first: Date
        var last: Date
        /// Failed transactions this entry was in.
        var attempts = 0
    }

    /// What `add` appends to without a hop onto the actor (the boot fast path answers on an event
    /// loop): the entries waiting, one per key in first-seen order, and whether a wake-up (timer
    /// or flush) is already on its way. Its size is the number of distinct keys: a client that
    /// hammers one script adds repeats, not rows (its address is the socket's peer).
    struct Inbox {
        private(set) var pending: [Entry] = []
        private var index: [Key: Int] = [:]
        /// A timer, a kick or a running flush will look at `pending` again.
        var armed = false
        /// A flush was asked for because `batchLimit` was reached.
        var kicked = false

        /// Distinct keys waiting.
        var count: Int { pending.count }

        /// Counts one more `key` at `at`.
        mutating func add(_ key: Key, mac: MACAddress, at: Date) {
            merge(Entry(key: key, mac: mac, count: 1, first: at, last: at))
        }

        /// Adds `entry`'s count and times to its key's entry, or appends it as a new key.
        mutating func merge(_ entry: Entry) {
            if let i = index[entry.key] {
                pending[i].count += entry.count
                pending[i].first = min(pending[i].first, entry.first)
                pending[i].last = max(pending[i].last, entry.last)
            } else {
                index[entry.key] = pending.count
                pending.append(entry)
            }
        }

        /// Everything waiting, emptied.
        mutating func take() -> [Entry] {
            defer {
                pending = []
                index = [:]
            }
            return pending
        }

        /// Puts a failed batch's entries back in front of what came meanwhile (a key in both
        /// keeps the failed entry's place and attempts).
        mutating func putBack(_ retry: [Entry]) {
            guard !retry.isEmpty else { return }
            let meanwhile = take()
            for entry in retry + meanwhile { merge(entry) }
        }
    }
}

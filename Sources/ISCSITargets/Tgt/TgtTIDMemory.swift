import Foundation

/// Which tid holds which target, as this driver last saw it (every `--op show` refreshes the whole
/// map) or made it. With 500 targets one `--op show` costs tgtd ~25 ms and its text must be parsed;
/// a reset that knows the tid skips both. Shared by copies of the driver (a class behind a lock).
final class TgtTIDMemory: @unchecked Sendable {
    /// A target's tid and the CHAP accounts bound to it.
    struct Entry: Hashable {
        var tid: Int
        var accounts: [String]
    }

    private let lock = NSLock()
    private var entries: [String: Entry] = [:]
    /// Tids a change in flight holds: deleted for a reset and about to be made again, or picked
    /// for a new target and not yet made. Resets of different machines run at once; a target made
    /// meanwhile must not take one of these.
    private var held: Set<Int> = []

    /// Forgets everything and learns the targets of a fresh `--op show`.
    func learn(_ show: TgtShowOutput) {
        let map = Dictionary(show.targets.map { ($0.iqn, Entry(tid: $0.tid, accounts: $0.accounts)) },
                             uniquingKeysWith: { a, _ in a })
        lock.withLock { entries = map }
    }

    func remember(iqn: String, tid: Int, accounts: [String] = []) {
        lock.withLock { entries[iqn] = Entry(tid: tid, accounts: accounts) }
    }
    func forget(iqn: String) { lock.withLock { entries[iqn] = nil } }

    /// Picks the smallest tid (from 1) that `show` does not use, that no known target has and that
    /// no change in flight holds, and holds it until `release`.
    func claimFree(in show: TgtShowOutput) -> Int {
        lock.withLock {
            let used = Set(show.targets.map(\.tid)).union(entries.values.map(\.tid)).union(held)
            var tid = 1
            while used.contains(tid) { tid += 1 }
            held.insert(tid)
            return tid
        }
    }
    func hold(_ tid: Int) { lock.withLock { _ = held.insert(tid) } }
    func release(_ tid: Int) { lock.withLock { _ = held.remove(tid) } }
    func tid(of iqn: String) -> Int? { lock.withLock { entries[iqn]?.tid } }
    func entry(of iqn: String) -> Entry? { lock.withLock { entries[iqn] } }
}

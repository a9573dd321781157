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

    /// Counts `remember` / `forget` calls; `touched` says when each target was last changed.
    /// A show describes tgtd when it answered, and changes made meanwhile by other resets
    /// (side by side) are newer: `learn` keeps those, so a target made while a show was under
    /// way is not forgotten and its tid never given to another target.
    private var changes: UInt64 = 0
    private var touched: [String: UInt64] = [:]
    /// The `mark` of the last show learned: an older show (overtaken by a newer one) is not learned.
    private var learnedMark: UInt64 = 0

    /// Taken before running `--op show`, passed to `learn` with its output.
    func mark() -> UInt64 { lock.withLock { changes } }

    /// Learns the targets of an `--op show` that started at `mark`: what it lists replaces what
    /// was known, except targets this driver made or removed since `mark`.
    func learn(_ show: TgtShowOutput, since mark: UInt64) {
        var map = Dictionary(show.targets.map { ($0.iqn, Entry(tid: $0.tid, accounts: $0.accounts)) },
                             uniquingKeysWith: { a, _ in a })
        lock.withLock {
            guard mark >= learnedMark else { return }
            for (iqn, at) in touched where at > mark { map[iqn] = entries[iqn] }
            touched = touched.filter { $0.value > mark }   // later shows start after the rest
            learnedMark = mark
            entries = map
        }
    }

    func remember(iqn: String, tid: Int, accounts: [String] = []) {
        lock.withLock {
            changes += 1
            touched[iqn] = changes
            entries[iqn] = Entry(tid: tid, accounts: accounts)
        }
    }
    func forget(iqn: String) {
        lock.withLock {
            changes += 1
            touched[iqn] = changes
            entries[iqn] = nil
        }
    }

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

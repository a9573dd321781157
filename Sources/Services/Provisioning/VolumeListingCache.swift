import Domain

/// What the disk states (`GET /machines`, health alerts) read from the drivers, kept between
/// requests: the storage's volumes (`lvs`, a directory scan) and, with a target that serves
/// overlays, what each target's overlays hold (a `list` on the built-in target's control socket).
/// Asking on every request made the machines list cost driver round trips each time the console
/// refreshed it.
///
/// A listing serves while `ProvisioningQueue.generation` is what it was when the listing was
/// taken (every volume or target change of ours is driver work in that queue, which bumps it when
/// the work is queued and when it ends) and for `maxAge` at most: machines write to their disks,
/// so sizes grow, and an operator may change volumes by hand.
final class VolumeListingCache: Sendable {
    private let volumeListing: KeptListing<[String: VolumeInfo]>
    private let overlayListing: KeptListing<[String: Int64]>

    init(maxAge: Duration = .seconds(10)) {
        volumeListing = KeptListing(maxAge: maxAge)
        overlayListing = KeptListing(maxAge: maxAge)
    }

    /// The kept volume listing when it was taken at `generation` less than `maxAge` ago; else
    /// what `list` answers, kept.
    func volumes(generation: Int, list: () async throws -> [VolumeInfo]) async throws -> [String: VolumeInfo] {
        try await volumeListing.value(generation: generation) {
            Dictionary(try await list().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    /// Overlay bytes by target IQN, under the same rule as `volumes`.
    func overlayBytes(generation: Int, list: () async throws -> [String: Int64]) async throws -> [String: Int64] {
        try await overlayListing.value(generation: generation, take: list)
    }
}

/// One listing and when (queue generation, clock) it was taken. A failed listing is not kept.
private final class KeptListing<Value: Sendable>: Sendable {
    private struct Listing {
        var value: Value
        var generation: Int
        var taken: ContinuousClock.Instant
    }

    private let kept = Locked<Listing?>(nil)
    let maxAge: Duration

    init(maxAge: Duration) { self.maxAge = maxAge }

    func value(generation: Int, take: () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        if let listing = kept.withLock({ $0 }), listing.generation == generation, now - listing.taken < maxAge {
            return listing.value
        }
        let value = try await take()
        kept.withLock { $0 = Listing(value: value, generation: generation, taken: now) }
        return value
    }
}

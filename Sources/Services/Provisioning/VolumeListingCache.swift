import Domain

/// The storage's volumes as the disk states (`GET /machines`, health alerts) see them, kept
/// between requests: listing them (`lvs`, a directory scan) on every request made the machines
/// list cost a storage round trip each time the console refreshed it.
///
/// A listing serves while `ProvisioningQueue.generation` is what it was when the listing was
/// taken (every volume change of ours is driver work in that queue, which bumps it when the work
/// is queued and when it ends) and for `maxAge` at most: machines write to their disks, so
/// sizes grow, and an operator may change volumes by hand.
final class VolumeListingCache: Sendable {
    private struct Listing {
        var volumes: [String: VolumeInfo]
        var generation: Int
        var taken: ContinuousClock.Instant
    }

    private let kept = Locked<Listing?>(nil)
    let maxAge: Duration

    init(maxAge: Duration = .seconds(10)) { self.maxAge = maxAge }

    /// The kept listing when it was taken at `generation` less than `maxAge` ago; else what
    /// `list` answers, kept.
    func volumes(generation: Int, list: () async throws -> [VolumeInfo]) async throws -> [String: VolumeInfo] {
        let now = ContinuousClock.now
        if let listing = kept.withLock({ $0 }), listing.generation == generation, now - listing.taken < maxAge {
            return listing.volumes
        }
        let volumes = Dictionary(try await list().map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        kept.withLock { $0 = Listing(volumes: volumes, generation: generation, taken: now) }
        return volumes
    }
}

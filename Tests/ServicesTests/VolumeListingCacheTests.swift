import Domain
import Testing
@testable import Services

/// The volume listing the disk states share: kept while the provisioning queue's generation
/// stays the same, taken again when it changes, when it is old, or after a failed listing.
@Suite struct VolumeListingCacheTests {
    actor Calls {
        var count = 0
        func add() { count += 1 }
    }

    struct ListingFailed: Error {}

    @Test func aListingIsKeptUntilTheGenerationChanges() async throws {
        let cache = VolumeListingCache(maxAge: .seconds(3600))
        let calls = Calls()
        for _ in 0..<3 {
            let volumes = try await cache.volumes(generation: 1) {
                await calls.add()
                return [VolumeInfo(name: "dl_m1_img1", sizeBytes: 1 << 20)]
            }
            #expect(volumes.keys.sorted() == ["dl_m1_img1"])
        }
        #expect(await calls.count == 1)
        _ = try await cache.volumes(generation: 2) { await calls.add(); return [] }
        #expect(await calls.count == 2)
    }

    @Test func anOldListingIsTakenAgain() async throws {
        let cache = VolumeListingCache(maxAge: .zero)
        let calls = Calls()
        for _ in 0..<2 { _ = try await cache.volumes(generation: 1) { await calls.add(); return [] } }
        #expect(await calls.count == 2)
    }

    @Test func aFailedListingIsNotKept() async throws {
        let cache = VolumeListingCache(maxAge: .seconds(3600))
        let calls = Calls()
        await #expect(throws: ListingFailed.self) {
            _ = try await cache.volumes(generation: 1) { await calls.add(); throw ListingFailed() }
        }
        _ = try await cache.volumes(generation: 1) { await calls.add(); return [] }
        #expect(await calls.count == 2)
    }

    @Test func overlaySizesAreKeptUnderTheSameRule() async throws {
        let cache = VolumeListingCache(maxAge: .seconds(3600))
        let calls = Calls()
        for _ in 0..<3 {
            let bytes = try await cache.overlayBytes(generation: 1) { await calls.add(); return ["iqn.2026-12.org.x:pc1": 4096] }
            #expect(bytes == ["iqn.2026-12.org.x:pc1": 4096])
        }
        #expect(await calls.count == 1)
        _ = try await cache.overlayBytes(generation: 2) { await calls.add(); return [:] }
        _ = try await cache.volumes(generation: 2) { await calls.add(); return [] }
        #expect(await calls.count == 3, "the volume and overlay listings are kept apart")
    }
}

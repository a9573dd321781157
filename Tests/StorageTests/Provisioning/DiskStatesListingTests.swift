import Domain
import Foundation
import Services
import Storage
import Testing

/// The machines list's disk states over real files: one storage listing at most per call, and a
/// fresh one once driver work (here a disk reset) may have changed the volumes.
@Suite struct DiskStatesListingTests {
    @Test func aResetMakesTheNextDiskStatesListTheVolumesAgain() async throws {
        var gated: GatedStorage?
        let f = try await ProvisioningFixture(storage: { file in
            let g = GatedStorage(file, expected: 0)
            gated = g
            return g
        })
        defer { f.tearDown() }
        let storage = try #require(gated)
        let (_, item) = try await f.imageWithVersion()
        let m = try await f.machine(1, items: [item.id])

        let before = storage.listings
        #expect(try await f.service.machineDiskStates()?[m.id]?.state == .ok)
        #expect(storage.listings <= before + 1)
        _ = try await f.service.resetMachine(id: m.id, by: .system)
        let afterReset = storage.listings
        #expect(try await f.service.machineDiskStates()?[m.id]?.state == .ok)
        #expect(storage.listings == afterReset + 1, "the listing taken before the reset was used after it")
    }

    /// With overlays the target is asked what they hold: once per listing, not once per request.
    @Test func theTargetsOverlaySizesAreKeptLikeTheVolumeListing() async throws {
        let targets = MemoryTargetDriver(overlays: true)
        let f = try await ProvisioningFixture(targets: targets)
        defer { f.tearDown() }
        let (_, item) = try await f.imageWithVersion()
        let m = try await f.machine(1, items: [item.id])

        let before = targets.lists
        for _ in 0..<3 { #expect(try await f.service.machineDiskStates()?[m.id]?.overlaySizeBytes == 0) }
        #expect(targets.lists <= before + 1, "the target was listed on every request")
        _ = try await f.service.resetMachine(id: m.id, by: .system)
        let afterReset = targets.lists
        #expect(try await f.service.machineDiskStates()?[m.id]?.overlaySizeBytes == 0)
        #expect(targets.lists == afterReset + 1, "the overlay sizes listed before the reset were used after it")
    }
}

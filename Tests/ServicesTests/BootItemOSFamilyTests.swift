import Domain
import Services
import Testing

/// The iscsi item's OS family and its gateway option (issue 19): defaults, round trip, bad input.
@Suite struct BootItemOSFamilyTests {
    @Test func iscsiItemsAreWindowsWithTheGatewayClearedByDefault() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        #expect(seed.iscsi.osFamily == .windows)
        #expect(seed.iscsi.clearGateway)
        #expect(seed.local.osFamily == nil && !seed.local.clearGateway)
        // Stored and read back, not only returned.
        let stored = try await s.bootItems.get(id: seed.iscsi.id)
        #expect(stored.osFamily == .windows && stored.clearGateway)
    }

    @Test func linuxItemsKeepTheGatewayUnlessAsked() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        let linux = try await s.bootItems.create(BootItemInput(name: "deb", kind: "iscsi", osImage: seed.os.id, osFamily: "linux"), by: admin)
        #expect(linux.osFamily == .linux && !linux.clearGateway)
        let forced = try await s.bootItems.create(BootItemInput(name: "deb2", kind: "iscsi", osImage: seed.os.id, osFamily: "linux",
                                                                clearGateway: true), by: admin)
        #expect(forced.clearGateway)
        // A Windows item may turn it off (iSCSI server behind a router); PUT round trip keeps it off.
        var input = BootItemInput(seed.iscsi)
        input.clearGateway = false
        let off = try await s.bootItems.update(id: seed.iscsi.id, input, by: admin)
        #expect(off.osFamily == .windows && !off.clearGateway)
        #expect(try await s.bootItems.get(id: seed.iscsi.id).clearGateway == false)
    }

    @Test func aWindowsItemWithoutAnOSDiskIsRefusedNamingTheItem() async throws {
        let s = try ServiceContainer.temporary()
        let e = await thrownError { _ = try await s.bootItems.create(BootItemInput(name: "win11", kind: "iscsi", osFamily: "windows"), by: admin) }
        guard case .validation(let v)? = e else { Issue.record("expected a validation error, got \(String(describing: e))"); return }
        #expect(v.errors.map(\.field) == ["osImage"])
        #expect(v.errors.first?.message.contains("Windows boot item 'win11'") == true)
        #expect(v.errors.first?.message.contains("no OS disk") == true)
    }

    @Test(arguments: [
        (BootItemInput(name: "x", kind: "iscsi", osImage: 999, osFamily: "macos"), ["osFamily", "osImage"]),
        (BootItemInput(name: "x", kind: "local", osFamily: "windows"), ["osFamily"]),
        (BootItemInput(name: "x", kind: "chain", clearGateway: true, url: "http://10.0.0.2/a.ipxe"), ["clearGateway"]),
    ])
    func rejectsTheOptionWhereItDoesNotBelong(_ input: BootItemInput, _ fields: [String]) async throws {
        let s = try ServiceContainer.temporary()
        #expect(await invalidFields { _ = try await s.bootItems.create(input, by: admin) } == fields)
    }

    @Test func aNonIscsiItemRoundTripsWithClearGatewayFalse() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        var input = BootItemInput(seed.local)
        input.clearGateway = false
        let again = try await s.bootItems.update(id: seed.local.id, input, by: admin)
        #expect(!again.clearGateway && again.osFamily == nil)
    }
}

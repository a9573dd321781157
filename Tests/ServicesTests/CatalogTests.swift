import Domain
import Foundation
import Services
import Testing

@Suite struct ImageServiceTests {
    @Test func createsGrowsAndRenames() async throws {
        let s = try ServiceContainer.temporary()
        let i = try await s.images.create(ImageInput(name: "win10", sizeMiB: 64, description: "golden"), by: admin)
        #expect(i.kind == .os)
        #expect(i.sizeBytes == 64 << 20)
        #expect(i.state == .ready)
        let grown = try await s.images.update(id: i.id, ImageInput(name: "win11", sizeMiB: 128), expectedRevision: 1, by: admin)
        #expect(grown.sizeBytes == 128 << 20)
        #expect(grown.name == "win11")
        #expect(grown.description == "golden")
        #expect(await invalidFields { _ = try await s.images.update(id: i.id, ImageInput(name: "win11", sizeMiB: 64), by: admin) } == ["sizeMiB"])
        #expect(await invalidFields { _ = try await s.images.update(id: i.id, ImageInput(name: "win11", kind: "data"), by: admin) } == ["kind"])
        let stale = await thrownError { _ = try await s.images.update(id: i.id, ImageInput(name: "x"), expectedRevision: 1, by: admin) }
        guard case .preconditionFailed = stale else { Issue.record("expected 412"); return }
    }

    @Test(arguments: [
        (ImageInput(name: "w 10", sizeMiB: 64), ["name"]), (ImageInput(name: "../w", sizeMiB: 64), ["name"]),
        (ImageInput(name: "w\n", sizeMiB: 64), ["name"]), (ImageInput(name: "w", sizeMiB: 7), ["sizeMiB"]),
        (ImageInput(name: "w"), ["sizeMiB"]), (ImageInput(name: "w", kind: "swap", sizeMiB: 64), ["kind"]),
        (ImageInput(name: "w", sizeMiB: 64, description: "a\u{0}b"), ["description"]),
    ])
    func rejectsBadInput(_ input: ImageInput, _ fields: [String]) async throws {
        let s = try ServiceContainer.temporary()
        #expect(await invalidFields { _ = try await s.images.create(input, by: admin) } == fields)
    }

    @Test func duplicateNamesConflictIgnoringCase() async throws {
        let s = try ServiceContainer.temporary()
        _ = try await s.images.create(ImageInput(name: "Win10", sizeMiB: 64), by: admin)
        let e = await thrownError { _ = try await s.images.create(ImageInput(name: "win10", sizeMiB: 64), by: admin) }
        guard case .conflict = e else { Issue.record("expected conflict, got \(String(describing: e))"); return }
    }

    @Test func deletingAnImageInUseIsAConflictNamingTheBootItems() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        for image in [seed.os, seed.data] {
            let e = await thrownError { try await s.images.delete(id: image.id, by: admin) }
            guard case .conflict(_, let why) = e else { Issue.record("expected conflict, got \(String(describing: e))"); continue }
            #expect(why.contains("win10"))
        }
        #expect(try await s.images.usedBy(id: seed.data.id) == ["win10"])
        #expect(try await s.bootItems.delete(id: seed.iscsi.id, by: admin))
        #expect(try await s.images.delete(id: seed.os.id, by: admin))
        #expect(try await !s.images.delete(id: seed.os.id, by: admin))
    }
}

@Suite struct BootItemServiceTests {
    @Test func validatesEveryKind() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        let wim = try await s.bootItems.create(BootItemInput(name: "winpe", kind: "wimboot",
                                                             files: ["winpe/bootmgr", "winpe/BCD", "winpe/boot.sdi", "winpe/boot.wim"]), by: admin)
        #expect(wim.files.count == 4)
        let linux = try await s.bootItems.create(BootItemInput(name: "debian", label: "Debian live", kind: "linux",
                                                               kernel: "debian/vmlinuz", initrd: "http://10.0.0.2/initrd.img",
                                                               cmdline: "boot=live fetch=http://10.0.0.2/fs.squashfs quiet"), by: admin)
        #expect(linux.cmdline == "boot=live fetch=http://10.0.0.2/fs.squashfs quiet")
        _ = try await s.bootItems.create(BootItemInput(name: "menu2", kind: "chain", url: "http://10.0.0.2/other.ipxe"), by: admin)
        #expect(try await s.bootItems.list().count == 5)
        #expect(try await s.bootItems.byName("WIN10")?.id == seed.iscsi.id)
    }

    @Test(arguments: [
        (BootItemInput(name: "x", kind: "iscsi"), ["osImage"]),
        (BootItemInput(name: "x", kind: "iscsi", osImage: 999), ["osImage"]),
        (BootItemInput(name: "x", kind: "wimboot"), ["files"]),
        (BootItemInput(name: "x", kind: "wimboot", files: ["../etc/passwd", "/abs", "a b"]), ["files[0]", "files[1]", "files[2]"]),
        (BootItemInput(name: "x", kind: "linux", kernel: "vmlinuz", cmdline: "quiet\"; shell"), ["cmdline"]),
        (BootItemInput(name: "x", kind: "linux", kernel: "vmlinuz", cmdline: "a $x"), ["cmdline"]),
        (BootItemInput(name: "x", kind: "linux", kernel: "vmlinuz", cmdline: "a\nchain http://evil"), ["cmdline"]),
        (BootItemInput(name: "x", kind: "linux"), ["kernel"]),
        (BootItemInput(name: "x", kind: "chain", url: "ftp://x"), ["url"]),
        (BootItemInput(name: "x", kind: "chain", url: "http://x/a b"), ["url"]),
        (BootItemInput(name: "x", kind: "local", url: "http://x/"), ["url"]),
        (BootItemInput(name: "x", label: "Win\"dows", kind: "local"), ["label"]),
        (BootItemInput(name: "x y", kind: "local"), ["name"]),
        (BootItemInput(name: "x", kind: "floppy"), ["kind"]),
    ])
    func rejectsBadInput(_ input: BootItemInput, _ fields: [String]) async throws {
        let s = try ServiceContainer.temporary()
        #expect(await invalidFields { _ = try await s.bootItems.create(input, by: admin) } == fields)
    }

    @Test func imageKindsMustMatch() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        let fields = await invalidFields {
            _ = try await s.bootItems.create(BootItemInput(name: "x", kind: "iscsi", osImage: seed.data.id, dataImages: [seed.os.id]), by: admin)
        }
        #expect(fields == ["osImage", "dataImages[0]"])
    }

    @Test func deletingABootItemInUseIsAConflictNamingTheMachines() async throws {
        let s = try ServiceContainer.temporary()
        let seed = try await s.seedBootItems()
        _ = try await s.machines.create(MachineInput(name: "pc1", mac: mac(1), defaultBootItem: seed.local.id), by: admin)
        _ = try await s.machines.create(MachineInput(name: "pc2", mac: mac(2), bootItems: [seed.iscsi.id, seed.local.id]), by: admin)
        let e = await thrownError { try await s.bootItems.delete(id: seed.local.id, by: admin) }
        #expect(e == .conflict(.bootItemInUse, "boot item 'local' is used by machines: pc1, pc2"))
        #expect(try await s.bootItems.usedBy(id: seed.iscsi.id) == ["pc2"])
    }
}

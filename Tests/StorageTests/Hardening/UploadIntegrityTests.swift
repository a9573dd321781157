import Domain
import Foundation
import Services
import Storage
import Testing

/// Uploads never lie (issue 15, item 8) and interrupted imports are undone at start-up (item 9):
/// a real SQLite database and the file driver on a temp directory; the request body is the
/// `ByteChannel` the REST route feeds (the HTTP side is in APITests and the abuse-data tier).
@Suite struct UploadIntegrityTests {
    @Test func aBodyThatBreaksOffFailsTheJobAndLeavesTheLastVersion() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let (image, _) = try await f.imageWithVersion("win", mib: 16, fill: 0x11)
        let (job, feed) = try await f.versions.upload(imageID: image.id, contentLength: nil, by: .system)
        try await feed.send(Array(repeating: 0xee, count: 1 << 20))
        let work = f.path(DiskNames.working(image: image.id))
        try await waitUntil { (try? readBytes(work, offset: 0, count: 1)) == [0xee] }
        await feed.abort("connection reset by peer")

        let done = try await f.container.jobs.wait(id: job.id)
        #expect(done.state == .failed)
        #expect(done.message.contains("broke off"), "\(done.message)")
        #expect(try readBytes(work, offset: 0, count: 2) == [0x11, 0x11])
        #expect(try await f.container.images.get(id: image.id).state == .ready)
        let discarded = try await f.container.events.list(action: "image.import.discard")
        #expect(discarded.items.first?.subject == "image/\(image.id)")

        // Commit works and freezes version 1's bytes, not the partial upload.
        let committed = try await f.versions.commit(imageID: image.id, by: .system)
        #expect(committed.currentVersion == 2)
        #expect(try readBytes(f.path(DiskNames.version(image: image.id, n: 2)), offset: 0, count: 2) == [0x11, 0x11])
    }

    @Test func aCutOffFirstUploadLeavesAnEmptyWorkingCopy() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let image = try await f.container.images.create(ImageInput(name: "fresh", kind: "os", sizeMiB: 16), by: .system)
        let (job, feed) = try await f.versions.upload(imageID: image.id, contentLength: nil, by: .system)
        try await feed.send(Array(repeating: 0xee, count: 1 << 20))
        let work = f.path(DiskNames.working(image: image.id))
        try await waitUntil { (try? readBytes(work, offset: 0, count: 1)) == [0xee] }
        await feed.abort("client gone")
        #expect(try await f.container.jobs.wait(id: job.id).state == .failed)
        #expect(try readBytes(work, offset: 0, count: 4) == [0, 0, 0, 0])
        #expect(try readBytes(work, offset: (1 << 20) - 4, count: 4) == [0, 0, 0, 0])
    }

    @Test func theDeclaredSizeMustArrive() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let (image, _) = try await f.imageWithVersion("data", mib: 8, fill: 0x22)
        let work = f.path(DiskNames.working(image: image.id))

        // Content-Length 2 MiB, 1 MiB arrives, the body ends "normally".
        let (short, feed) = try await f.versions.upload(imageID: image.id, contentLength: 2 << 20, by: .system)
        try await feed.send(Array(repeating: 0xee, count: 1 << 20))
        await feed.finish()
        let failed = try await f.container.jobs.wait(id: short.id)
        #expect(failed.state == .failed)
        #expect(failed.message.contains("1048576 of 2097152"), "\(failed.message)")
        #expect(try readBytes(work, offset: 0, count: 1) == [0x22])

        // full=true: the image's size (8 MiB) must arrive; a Content-Length that says otherwise is refused at once.
        await #expect(throws: ServiceError.self) {
            _ = try await f.versions.upload(imageID: image.id, contentLength: 1 << 20, full: true, by: .system)
        }
        let (partial, feed2) = try await f.versions.upload(imageID: image.id, contentLength: nil, full: true, by: .system)
        try await feed2.send(Array(repeating: 0xee, count: 1 << 20))
        await feed2.finish()
        #expect(try await f.container.jobs.wait(id: partial.id).state == .failed)
        #expect(try readBytes(work, offset: 0, count: 1) == [0x22])

        let (whole, feed3) = try await f.versions.upload(imageID: image.id, contentLength: nil, full: true, by: .system)
        for _ in 0..<8 { try await feed3.send(Array(repeating: 0x33, count: 1 << 20)) }
        await feed3.finish()
        let ok = try await f.container.jobs.wait(id: whole.id)
        #expect(ok.state == .succeeded, "\(ok.message)")
        #expect(try readBytes(work, offset: (8 << 20) - 1, count: 1) == [0x33])
    }

    /// kill -9 during an upload, simulated by a second set of services over the same data
    /// directory while the first upload is still half-way (the real kill is in the abuse-data tier).
    @Test func startUpPutsAnImageLeftImportingBackToItsLastVersion() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let (image, _) = try await f.imageWithVersion("crashy", mib: 16, fill: 0x11)
        let (job, feed) = try await f.versions.upload(imageID: image.id, contentLength: 16 << 20, by: .system)
        try await feed.send(Array(repeating: 0xee, count: 1 << 20))
        let work = f.path(DiskNames.working(image: image.id))
        try await waitUntil { (try? readBytes(work, offset: 0, count: 1)) == [0xee] }
        #expect(try await f.container.images.get(id: image.id).state == .importing)

        let core = try ServiceCore(config: ServiceConfig(dataDir: f.container.config.dataDir, passwordCost: .testing))
        let disks = DiskProvisioner(core: core, storage: FileStorageDriver(root: f.root), targets: MemoryTargetDriver())
        let restarted = ServiceContainer(core: core, provisioner: disks)
        let service = ImageVersionService(core: core, disks: disks)
        #expect(try await service.recoverInterruptedImports() == ["crashy"])
        let recovered = try await restarted.images.get(id: image.id)
        #expect(recovered.state == .ready)
        #expect(recovered.currentVersion == 1)
        #expect(try readBytes(work, offset: 0, count: 2) == [0x11, 0x11])
        #expect(try await restarted.events.list(action: "image.recover").items.first?.outcome == .success)
        #expect(try await service.recoverInterruptedImports().isEmpty)
        _ = try await service.commit(imageID: image.id, by: .system)

        await feed.abort("test over")
        _ = try await f.container.jobs.wait(id: job.id)
    }
}

/// Polls `condition` every 20 ms for at most `seconds`.
func waitUntil(seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while try await !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within \(seconds) s")
            return
        }
        try await Task.sleep(for: .milliseconds(20))
    }
}

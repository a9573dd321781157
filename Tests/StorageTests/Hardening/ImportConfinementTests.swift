import Domain
import Foundation
@testable import Services
import Storage
import Testing

/// Server-side import reads only inside the import roots (issue 15, item 7): real files,
/// symlinks, a FIFO and device nodes on this host; a real SQLite database.
@Suite struct ImportConfinementTests {
    func forbidden(_ f: ProvisioningFixture, _ image: Image, _ path: String) async -> String? {
        do {
            _ = try await f.versions.importImage(imageID: image.id, path: path, by: .system)
        } catch ServiceError.forbidden(let why) {
            return why
        } catch {
            Issue.record("importing \(path): expected forbidden, got \(error)")
            return nil
        }
        Issue.record("importing \(path) was accepted")
        return nil
    }

    func unprocessable(_ f: ProvisioningFixture, _ image: Image, _ path: String) async -> String? {
        do {
            _ = try await f.versions.importImage(imageID: image.id, path: path, by: .system)
        } catch ServiceError.validation(let e) {
            return e.description
        } catch {
            Issue.record("importing \(path): expected 422, got \(error)")
            return nil
        }
        Issue.record("importing \(path) was accepted")
        return nil
    }

    @Test func onlyRegularFilesInsideTheRootsAreRead() async throws {
        let f = try await ProvisioningFixture()
        defer { f.tearDown() }
        let image = try await f.container.images.create(ImageInput(name: "conf", kind: "os", sizeMiB: 8), by: .system)
        let root = try f.importRoot()
        let fm = FileManager.default

        let shadow = await forbidden(f, image, "/etc/shadow")
        #expect(shadow?.contains("/etc/shadow") == true && shadow?.contains(root) == true, "\(shadow ?? "")")

        try fm.createSymbolicLink(atPath: root + "/escape.img", withDestinationPath: "/etc/passwd")
        let escape = await forbidden(f, image, root + "/escape.img")
        #expect(escape?.contains("symlink") == true, "\(escape ?? "")")
        try fm.createSymbolicLink(atPath: root + "/etc", withDestinationPath: "/etc")
        _ = await forbidden(f, image, root + "/etc/passwd")
        // A sibling whose name starts like the root is not inside it.
        try fm.createDirectory(atPath: root + "x", withIntermediateDirectories: true)
        try Data([1]).write(to: URL(fileURLWithPath: root + "x/a.img"))
        _ = await forbidden(f, image, root + "x/a.img")

        #expect(mkfifo(root + "/pipe", 0o600) == 0)
        #expect(await unprocessable(f, image, root + "/pipe")?.contains("not a regular file") == true)
        try fm.createSymbolicLink(atPath: root + "/null", withDestinationPath: "/dev/null")
        #expect(await unprocessable(f, image, root + "/null") != nil)
        #expect(await unprocessable(f, image, root + "/missing.img")?.contains("does not exist") == true)
        #expect(try await f.container.images.get(id: image.id).state == .ready)

        // Inside: a file, and a symlink to a file that is inside too.
        try Data(repeating: 0x5a, count: 1 << 20).write(to: URL(fileURLWithPath: root + "/disk.raw"))
        try fm.createSymbolicLink(atPath: root + "/current.raw", withDestinationPath: root + "/disk.raw")
        let job = try await f.versions.importImage(imageID: image.id, path: root + "/current.raw", by: .system)
        let done = try await f.container.jobs.wait(id: job.id)
        #expect(done.state == .succeeded, "\(done.message)")
        #expect(try readBytes(f.path(DiskNames.working(image: image.id)), offset: 0, count: 1) == [0x5a])
        #expect(try await f.container.events.list(action: "image.import", outcome: "failure").total >= 5)
    }

    @Test func anAdminCanAddRoots() async throws {
        let outside = try makeTempDirectory("imports")
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let f = try await ProvisioningFixture { $0.storage.importRoots = [outside] }
        defer { f.tearDown() }
        let image = try await f.container.images.create(ImageInput(name: "roots", kind: "data", sizeMiB: 8), by: .system)
        try Data(repeating: 7, count: 4096).write(to: URL(fileURLWithPath: outside + "/d.raw"))
        let job = try await f.versions.importImage(imageID: image.id, path: outside + "/d.raw", by: .system)
        #expect(try await f.container.jobs.wait(id: job.id).state == .succeeded)
        // The default root no longer applies once roots are set.
        try Data([1]).write(to: URL(fileURLWithPath: try f.importRoot() + "/x.raw"))
        _ = await forbidden(f, image, try f.importRoot() + "/x.raw")

        var settings = try await f.container.settings.get()
        for bad in [["/"], ["relative/dir"], ["/srv/../etc"]] {
            settings.storage.importRoots = bad
            await #expect(throws: ServiceError.self) { _ = try await f.container.settings.update(settings, by: .system) }
        }
    }

    /// Block devices: refused without a device root, even under an import root; opened (not read)
    /// with one. Uses a loop device node of this host.
    @Test func blockDevicesNeedADeviceRoot() async throws {
        let device = try #require((0..<8).map { "/dev/loop\($0)" }.first { path in
            var st = stat()
            return stat(path, &st) == 0 && st.st_mode & S_IFMT == S_IFBLK
        }, "no loop device node on this host")
        #expect(throws: ServiceError.self) { try ImportSource.open(device, roots: ["/dev"], deviceRoots: []) }
        #expect(throws: ServiceError.self) { try ImportSource.open(device, roots: [], deviceRoots: ["/dev/mapper"]) }
        let source = try ImportSource.open(device, roots: [], deviceRoots: ["/dev"])
        #expect(source.isBlockDevice)
        #expect(source.path == device)
        // A character device is never imported, device root or not.
        #expect(throws: ServiceError.self) { try ImportSource.open("/dev/zero", roots: ["/dev"], deviceRoots: ["/dev"]) }
    }
}

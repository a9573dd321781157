import Domain
import Foundation
import Services
import Storage

/// A real SQLite database (temporary container), the file driver on a temp directory and a target
/// driver; helpers to make an image with a version, an iSCSI boot item and machines.
struct ProvisioningFixture {
    let container: ServiceContainer
    let service: DiskProvisioner
    let versions: ImageVersionService
    let root: String
    let dir: String

    /// - Parameter storage: the storage driver over the file driver on `root` (default: that driver).
    init(targets: any TargetDriver = MemoryTargetDriver(), settings: ((inout Settings) -> Void)? = nil,
         storage: (FileStorageDriver) -> any StorageDriver = { $0 }) async throws {
        dir = try makeTempDirectory("prov")
        root = dir + "/disks"
        let core = try ServiceContainer.temporaryCore()
        service = DiskProvisioner(core: core, storage: storage(FileStorageDriver(root: root)), targets: targets)
        versions = ImageVersionService(core: core, disks: service)
        container = ServiceContainer(core: core, provisioner: service)
        if let settings {
            var s = try await container.settings.get()
            settings(&s)
            _ = try await container.settings.update(s, by: .system)
        }
    }

    func tearDown() { try? FileManager.default.removeItem(atPath: dir) }

    func path(_ volume: String) -> String { "\(root)/\(volume).img" }

    /// An image of `mib` MiB whose first 4 KiB are `fill`, committed as version 1; and an iSCSI boot item booting it.
    func imageWithVersion(_ name: String = "win10", mib: Int64 = 64, fill: UInt8 = 0x11) async throws -> (Image, BootItem) {
        let image = try await container.images.create(ImageInput(name: name, kind: "os", sizeMiB: mib), by: .system)
        try writeBytes(path(DiskNames.working(image: image.id)), offset: 0, Array(repeating: fill, count: 4096))
        let committed = try await versions.commit(imageID: image.id, note: "first", by: .system)
        let item = try await container.bootItems.create(BootItemInput(name: "boot-\(name)", label: name, kind: "iscsi", osImage: image.id), by: .system)
        return (committed, item)
    }

    func machine(_ n: Int, items: [Int64], mode: String = "resetOnBoot") async throws -> Machine {
        try await container.machines.create(MachineInput(name: "pc\(n)", mac: String(format: "52:54:00:00:%02x:%02x", n / 256, n % 256),
                                                         bootItems: items, diskMode: mode), by: .system)
    }

    /// The default import root (`<data-dir>/import`), created.
    func importRoot() throws -> String {
        let root = container.config.dataDir + "/import"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root).filter { !$0.hasPrefix(".") }.sorted()
    }
}

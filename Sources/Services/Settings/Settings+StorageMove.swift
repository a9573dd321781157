import Domain
import Foundation
import Store

extension StorageSettings {
    /// Where the volumes live, field by field: the driver, then its root (the file root, `""`
    /// meaning `<dataDir>/disks`; or the volume group and thin pool). Settings that differ here
    /// address other volumes: the ones already made would be left behind.
    func volumeHome(dataDir: String) -> [(field: String, what: String, value: String)] {
        switch driver {
        case .file:
            let root = fileRoot.isEmpty ? (dataDir as NSString).appendingPathComponent("disks") : fileRoot
            return [("storage.driver", "storage driver", driver.rawValue), ("storage.fileRoot", "storage root", root)]
        case .lvm:
            return [("storage.driver", "storage driver", driver.rawValue),
                    ("storage.volumeGroup", "storage root", volumeGroup), ("storage.thinPool", "storage root", thinPool)]
        }
    }
}

extension SettingsService {
    /// A new storage driver or root while volumes exist is refused (422 naming the count):
    /// disklessd does not move volumes between roots or drivers, and the old ones would be
    /// "missing" after the next start. Empty when the change is allowed.
    func storageMoveProblems(old: Settings, new: Settings, in tx: StoreTx) throws -> [FieldError] {
        let dataDir = context.config.dataDir
        let before = old.storage.volumeHome(dataDir: dataDir), after = new.storage.volumeHome(dataDir: dataDir)
        let changed = before.count != after.count ? [after[0]]
            : zip(before, after).filter { $0.value != $1.value }.map(\.1)
        guard let first = changed.first else { return [] }
        let count = try tx.volumeCount()
        guard count > 0 else { return [] }
        let volumes = count == 1 ? "1 volume exists" : "\(count) volumes exist"
        return [FieldError(field: first.field,
                           message: "\(first.what) cannot change while \(volumes) (image versions and machine disks): "
                               + "disklessd does not migrate volumes; delete them or keep the current \(first.what)")]
    }
}

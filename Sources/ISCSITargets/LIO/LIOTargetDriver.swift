import Domain
import Foundation

/// Exports volumes through the kernel's LIO target by writing configfs directly (no targetcli).
///
///     core/iblock_0/<volume>/{control: udev_path=/dev/..., udev_path, enable}      block devices
///     core/fileio_0/<volume>/{control: fd_dev_name=...,fd_dev_size=..., udev_path, enable}  files
///     iscsi/<iqn>/tpgt_1/lun/lun_<n>/<volume> -> core/<hba>/<volume>
///     iscsi/<iqn>/tpgt_1/np/<ip>:<port>
///     iscsi/<iqn>/tpgt_1/acls/<initiator>/lun_<m>/<volume> -> tpgt_1/lun/lun_<m>
///     iscsi/<iqn>/tpgt_1/acls/<initiator>/auth/{userid,password}
///     iscsi/<iqn>/tpgt_1/attrib/{authentication,generate_node_acls}, tpgt_1/enable
///
/// LIO forgets all of this at reboot; the reconciler re-applies every target from the database.
public struct LIOTargetDriver: TargetDriver {
    public let kind = TargetDriverKind.lio
    /// LIO has no controller LUN: the OS disk is LUN 0.
    public let firstLUN = 0

    public static let defaultRoot = "/sys/kernel/config/target"
    let fs: ConfigFS

    /// - Parameter root: configfs' target directory; a temp directory in unit tests.
    public init(root: String = LIOTargetDriver.defaultRoot) {
        self.fs = ConfigFS(root: root)
    }

    static let tpg = "tpgt_1"

    static func hba(for backing: VolumeBacking) -> String {
        switch backing {
        case .blockDevice: "iblock_0"
        case .file: "fileio_0"
        }
    }

    public func availability() async -> DriverAvailability {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: fs.root, isDirectory: &isDir), isDir.boolValue else {
            return .unavailable(reason: "\(fs.root) does not exist: configfs is not mounted or the target_core_mod module is not loaded")
        }
        guard fs.exists(["iscsi"]) || (try? fs.makeGroup(["iscsi"])) != nil else {
            return .unavailable(reason: "\(fs.root)/iscsi cannot be created: the iscsi_target_mod module is not loaded")
        }
        return .available
    }

    public func listTargets(prefix: String) async throws -> [TargetState] {
        fs.children(["iscsi"]).filter { $0.hasPrefix("iqn.") && $0.hasPrefix(prefix) }.map { iqn in
            let tpg = ["iscsi", iqn, Self.tpg]
            let luns: [TargetState.LUN] = fs.children(tpg + ["lun"]).compactMap { dir in
                guard dir.hasPrefix("lun_"), let n = Int(dir.dropFirst(4)) else { return nil }
                let lunDir = tpg + ["lun", dir]
                guard let link = fs.children(lunDir).first(where: { fs.isSymlink(lunDir + [$0]) }),
                      let backstore = fs.readLink(lunDir + [link]) else { return TargetState.LUN(number: n, path: "") }
                let path = fs.read(relativeTo: backstore, "udev_path") ?? ""
                return TargetState.LUN(number: n, path: path)
            }.sorted { $0.number < $1.number }
            let initiators = fs.children(tpg + ["acls"])
            var sessions: [TargetState.Session] = []
            for initiator in initiators {
                // acls/<iqn>/info says "InitiatorName: ..." while a session is logged in.
                if let info = fs.read(tpg + ["acls", initiator, "info"]), info.contains("InitiatorName:") {
                    sessions.append(TargetState.Session(initiator: initiator))
                }
            }
            for line in (fs.read(tpg + ["dynamic_sessions"]) ?? "").split(separator: "\n") where !line.isEmpty {
                sessions.append(TargetState.Session(initiator: String(line)))
            }
            return TargetState(iqn: iqn, luns: luns, initiators: initiators,
                               chap: fs.read(tpg + ["attrib", "authentication"]) == "1", sessions: sessions)
        }
    }
}

extension ConfigFS {
    /// Reads an attribute of the group an absolute symlink target names.
    func read(relativeTo absoluteGroup: String, _ attribute: String) -> String? {
        guard let data = FileManager.default.contents(atPath: absoluteGroup + "/" + attribute) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: " \n\t\0")
    }
}

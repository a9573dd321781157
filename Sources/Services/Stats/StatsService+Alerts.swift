import Domain
import Foundation
import Store

extension StatsService {
    /// Storage below this share free (or below `lowFreeBytes`) is an alert.
    static let lowFreeShare = 0.10
    static let lowFreeBytes: Int64 = 5 * Image.gibibyte

    /// What the dashboard warns about: targets unavailable, images without version and the
    /// machines they keep from booting, machines with missing disks, DHCP off, storage low.
    public func alerts() async throws -> HealthAlerts {
        var alerts: [HealthAlert] = []
        let provisioner = context.provisioner
        if case .unavailable(let reason)? = await provisioner.targetAvailability() {
            alerts.append(HealthAlert(code: .targetUnavailable, severity: .error, message: "no iSCSI target: \(reason)"))
        }
        let (machines, items, images, settings) = try await context.read { tx in
            (try tx.allMachines(), try tx.allBootItems(), try tx.images().items, try tx.settings() ?? context.config.defaultSettings)
        }
        alerts += Self.unversioned(machines: machines, items: items, images: images)
        if let states = try? await provisioner.machineDiskStates() {
            let missing = machines.filter { states[$0.id]?.state == .missing && states[$0.id]?.reasonCode == ErrorCode.diskMissing.rawValue }
            if !missing.isEmpty {
                alerts.append(HealthAlert(code: .diskMissing, severity: .error,
                                          message: "\(missing.count) machines have missing disks (provisioning failed): "
                                              + missing.prefix(5).map(\.name).joined(separator: ", ") + (missing.count > 5 ? " …" : ""),
                                          count: missing.count, machines: missing.prefix(1000).map(\.id)))
            }
        }
        if settings.dhcp.mode == .off {
            alerts.append(HealthAlert(code: .dhcpOff, severity: .warning, message: "DHCP mode is off: this server answers no PXE request"))
        }
        do {
            if let storage = try await provisioner.storageStatus(), let low = Self.lowStorage(storage) { alerts.append(low) }
        } catch {
            alerts.append(HealthAlert(code: .storageUnavailable, severity: .error, message: "the storage cannot be asked: \(error)"))
        }
        return HealthAlerts(alerts: alerts.filter { $0.severity == .error } + alerts.filter { $0.severity == .warning })
    }

    /// One alert per image without a version that machines boot (super workstations excepted:
    /// they boot the working copy).
    static func unversioned(machines: [Machine], items: [BootItem], images: [Image]) -> [HealthAlert] {
        let itemByID = Dictionary(items.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var users: [Int64: [Int64]] = [:]
        for machine in machines where !machine.superWorkstation {
            for image in MachineDisks.images(machine: machine, items: itemByID) { users[image, default: []].append(machine.id) }
        }
        return images.filter { $0.currentVersion == nil }.compactMap { image in
            guard let ids = users[image.id], !ids.isEmpty else { return nil }
            return HealthAlert(code: .imageNoVersion, severity: .error,
                               message: "\(image.name) has no version: \(ids.count) machines cannot boot; commit it",
                               subject: "image/\(image.id)", subjectName: image.name, count: ids.count, machines: Array(ids.prefix(1000)))
        }
    }

    static func lowStorage(_ s: StorageStatus) -> HealthAlert? {
        guard s.totalBytes > 0 else { return nil }
        let share = Double(s.freeBytes) / Double(s.totalBytes)
        guard share < lowFreeShare || s.freeBytes < lowFreeBytes else { return nil }
        let gib = String(format: "%.1f", Double(s.freeBytes) / Double(Image.gibibyte))
        return HealthAlert(code: .storageLow, severity: .warning,
                           message: "storage (\(s.driver)) has \(gib) GiB free (\(Int(share * 100)) %)")
    }
}

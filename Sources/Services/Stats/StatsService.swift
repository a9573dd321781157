import Domain
import Foundation
import Store

/// Dashboard numbers: `{machines: {total, byStatus}, storage, bootsPerHour}`.
public struct Stats: Codable, Sendable, Hashable {
    public struct Machines: Codable, Sendable, Hashable {
        public var total: Int
        /// Every status, zeros included.
        public var byStatus: [String: Int]
    }

    public var machines: Machines
    /// Storage capacity from the provisioner; nil when no storage is attached.
    public var storage: StorageStatus?
    /// The last 24 clock hours, oldest first.
    public var bootsPerHour: [HourCount]
}

public struct StatsService: Sendable {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    /// Machines by status (every status present, zeros included).
    public func machinesByStatus() async throws -> [MachineStatus: Int] {
        let counts = try await context.read { tx in try tx.machineCountsByStatus() }
        var all: [MachineStatus: Int] = [:]
        for s in MachineStatus.allCases { all[s] = counts[s] ?? 0 }
        return all
    }

    /// Everything the dashboard shows. A failing storage query leaves `storage` nil.
    public func summary() async throws -> Stats {
        let byStatus = try await machinesByStatus()
        let storage = try? await context.provisioner.storageStatus()
        let boots = try await context.events.bootsPerHour(last: 24)
        return Stats(machines: .init(total: byStatus.values.reduce(0, +),
                                     byStatus: Dictionary(uniqueKeysWithValues: byStatus.map { ($0.key.rawValue, $0.value) })),
                     storage: storage ?? nil, bootsPerHour: boots)
    }
}

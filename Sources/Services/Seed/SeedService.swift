import Domain
import Foundation
import Render
import Store

/// Migration from the prototype (DBC-CloudCyberCafe) and back: its four CSV files and its legacy
/// `config.json` in, the same files out.
public struct SeedService: Sendable {
    let context: ServiceContext

    init(context: ServiceContext) { self.context = context }

    /// One record an import created.
    public struct Created: Codable, Sendable, Hashable {
        public var id: Int64
        public var name: String
    }

    /// What one import created.
    public struct ImportResult: Codable, Sendable, Hashable {
        /// The files that were read, in the order they were read.
        public var files: [String]
        public var images: [Created]
        public var bootItems: [Created]
        public var machines: [Created]
        /// True when `config.json` changed a setting.
        public var settingsChanged: Bool
        /// Values deliberately not taken, and why.
        public var notes: [String]
    }

    /// Creates the images, boot items and machines of the files and applies `config.json`, in
    /// ONE transaction: any problem in any file stores nothing and throws one validation error
    /// naming every problem as `<file>[<line>].<column>` (line 1 is the header).
    public func importSeed(_ files: SeedFiles, by caller: Caller) async throws -> ImportResult {
        let now = context.now
        let (plan, event) = try await context.audited(caller, "seed.import", "seed") {
            try await context.write { tx -> (SeedImportPlan, Event) in
                let plan = try SeedImportPlan.apply(files, now: now, tx: tx)
                let r = plan.result
                let e = try tx.insertEvent(context.event(caller, "seed.import", "seed", .success,
                                                         "\(r.images.count) images, \(r.bootItems.count) boot items, \(r.machines.count) machines" +
                                                         (r.settingsChanged ? ", settings changed" : "") +
                                                         " from \(r.files.joined(separator: ","))"))
                return (plan, e)
            }
        }
        context.events.publish(event)
        if let old = plan.oldSettings, let new = plan.newSettings {
            await context.provision(caller, "settings.provision", "settings") { try await $0.settingsChanged(old: old, new: new) }
        }
        for image in plan.images {
            await context.provision(caller, "image.provision", "image/\(image.id)") { try await $0.imageCreated(image) }
        }
        for item in plan.bootItems {
            await context.provision(caller, "bootItem.provision", "bootItem/\(item.id)") { try await $0.bootItemChanged(old: nil, new: item) }
        }
        if !plan.machines.isEmpty {
            await context.provision(caller, "machine.provision", "machine") { [machines = plan.machines] in try await $0.machinesCreated(machines) }
        }
        return plan.result
    }

    /// The four CSV files and `config.json` of the current records (see `SeedTables`).
    public func export() async throws -> SeedFiles {
        let (machines, images, items, settings) = try await context.read { tx in
            (try tx.allMachines(), try tx.images().items, try tx.allBootItems(), try tx.settings() ?? Settings())
        }
        var out = SeedFiles()
        for (name, text) in SeedTables.files(machines: machines, images: images, bootItems: items) {
            out[name] = Data(text.utf8)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        out[SeedFiles.config] = try encoder.encode(LegacyConfig(settings))
        return out
    }
}

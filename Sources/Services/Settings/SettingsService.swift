import Domain
import Foundation
import Store

/// The one settings document: read (defaults until first saved) and replace as a whole.
public struct SettingsService: Sendable {
    let context: ServiceContext
    let inspector = BootFileInspector()
    /// The running listeners an update rebinds before it saves.
    let live: LiveSettings

    init(context: ServiceContext, live: LiveSettings) {
        self.context = context
        self.live = live
    }

    /// The boot file of each platform in the TFTP root: type, size, iPXE build, signature.
    public func bootFiles() async throws -> BootFilesReport {
        await inspector.report(try await get(), dataDir: context.config.dataDir)
    }

    /// A boot file that `new` names anew (another name or another root) must be the image its
    /// platform starts; a missing one is refused too, except the loaders `serve` seeds itself.
    func bootFileProblems(old: Settings, new: Settings) async -> [FieldError] {
        let dataDir = context.config.dataDir
        let rootChanged = BootFileInspector.tftpRoot(old, dataDir: dataDir) != BootFileInspector.tftpRoot(new, dataDir: dataDir)
        let before = BootFileInspector.namedFiles(old)
        let report = await inspector.report(new, dataDir: dataDir)
        var errors: [FieldError] = []
        for (file, previous) in zip(report.files, before) {
            guard rootChanged || file.file != previous.file || file.setting != previous.setting else { continue }
            let seeded = BootFileInspector.seededNames.contains(file.file) && new.tftp.builtIn
            if file.present ? !file.usable : !seeded, let problem = file.problem {
                errors.append(FieldError(field: file.setting, message: problem))
            }
        }
        return errors
    }

    /// The stored settings, or the defaults (revision 1) when none were saved yet.
    public func get() async throws -> Settings {
        try await context.read { [cache = context.settingsCache, defaults = context.config.defaultSettings] tx in
            try cache.settings(tx, defaults: defaults)
        }
    }

    /// True until the settings were saved once (the console's first-run wizard).
    public func isFirstRun() async throws -> Bool {
        try await context.read { tx in try tx.settings() == nil }
    }

    /// What applies where the settings leave a value to the host: the interface the defaults come
    /// from and its address now, and the URL clients reach the boot endpoints at.
    public func effective(_ settings: Settings) -> EffectiveSettings {
        let interface = context.config.interfaceAddress(settings.dhcp.interface)
        var url = settings.http.publicBaseURL.isEmpty
            ? "http://\(settings.iscsi.serverAddress):\(context.config.listenPort)" : settings.http.publicBaseURL
        while url.hasSuffix("/") { url.removeLast() }
        return EffectiveSettings(interface: interface?.name, interfaceAddress: interface?.address,
                                 serverAddress: settings.iscsi.serverAddress, publicBaseURL: url)
    }

    /// Checks `settings` without saving; returns every problem (empty when valid).
    public func check(_ settings: Settings) -> [FieldError] {
        settings.validationErrors()
    }

    /// Replaces the whole document after every cross-check. With `expectedRevision` (If-Match) a
    /// stale revision is `.preconditionFailed`. A new storage driver or root while volumes exist
    /// is `.validation` naming the count, and so is a new overlay directory while overlays exist.
    /// Then the running listeners follow the new settings
    /// (`LiveSettings`): one that cannot rebind is `.conflict` naming the port, and nothing is
    /// saved. The stored revision is the previous one + 1.
    public func update(_ settings: Settings, expectedRevision: Int64? = nil, by caller: Caller) async throws -> Settings {
        let now = context.now
        let (old, new, event) = try await context.audited(caller, "settings.update", "settings") {
            let current = try await get()
            let candidate = try await checked(settings, old: current, expectedRevision: expectedRevision)
            // Rebind first: a refusal saves nothing. A save that fails puts the listeners back.
            try await live.apply(old: current, new: candidate)
            do {
                return try await context.write { tx in
                    let old = try tx.settings() ?? context.config.defaultSettings
                    if let expectedRevision, expectedRevision != old.revision {
                        throw ServiceError.preconditionFailed("settings are at revision \(old.revision), not \(expectedRevision)")
                    }
                    var new = Self.merged(settings, keepingSecretsOf: old)
                    let problems = new.validationErrors() + (try storageMoveProblems(old: old, new: new, in: tx))
                    guard problems.isEmpty else { throw ServiceError.validation(ValidationError(problems)) }
                    new.revision = old.revision + 1
                    try tx.saveSettings(new, now: now)
                    let e = try tx.insertEvent(context.event(caller, "settings.update", "settings", .success,
                                                             "revision \(new.revision); changed: \(Self.changedSections(old, new))"))
                    return (old, new, e)
                }
            } catch {
                await live.revert(old: current, new: candidate)
                throw error
            }
        }
        context.events.publish(event)
        await context.provision(caller, "settings.provision", "settings") { try await $0.settingsChanged(old: old, new: new) }
        return new
    }

    /// Every check of `settings` against `old` before anything is applied: revision, fields,
    /// boot files, storage moves. Returns the document to apply (stored secrets kept).
    private func checked(_ settings: Settings, old: Settings, expectedRevision: Int64?) async throws -> Settings {
        if let expectedRevision, expectedRevision != old.revision {
            throw ServiceError.preconditionFailed("settings are at revision \(old.revision), not \(expectedRevision)")
        }
        let new = Self.merged(settings, keepingSecretsOf: old)
        let problems = new.validationErrors()
        guard problems.isEmpty else { throw ServiceError.validation(ValidationError(problems)) }
        let files = await bootFileProblems(old: old, new: new)
        guard files.isEmpty else { throw ServiceError.validation(ValidationError(files)) }
        let moves = try await context.read { tx in try storageMoveProblems(old: old, new: new, in: tx) } + overlayMoveProblems(old: old, new: new)
        guard moves.isEmpty else { throw ServiceError.validation(ValidationError(moves)) }
        return new
    }

    /// `settings` with the secrets a GET does not show taken from `old` when left empty.
    static func merged(_ settings: Settings, keepingSecretsOf old: Settings) -> Settings {
        var new = settings
        new.power.smyoo = settings.power.smyoo.keepingSecret(of: old.power.smyoo)
        // The scrape token is a secret GET shows only to admins: an empty one keeps the stored one.
        if new.metrics.token.isEmpty { new.metrics.token = old.metrics.token }
        return new
    }

    static func changedSections(_ a: Settings, _ b: Settings) -> String {
        var s: [String] = []
        if a.storage != b.storage { s.append("storage") }
        if a.dhcp != b.dhcp { s.append("dhcp") }
        if a.tftp != b.tftp { s.append("tftp") }
        if a.http != b.http { s.append("http") }
        if a.iscsi != b.iscsi { s.append("iscsi") }
        if a.thrift != b.thrift { s.append("thrift") }
        if a.power != b.power { s.append("power") }
        if a.tools != b.tools { s.append("tools") }
        if a.limits != b.limits { s.append("limits") }
        if a.metrics != b.metrics { s.append("metrics") }
        return s.isEmpty ? "nothing" : s.joined(separator: ",")
    }
}

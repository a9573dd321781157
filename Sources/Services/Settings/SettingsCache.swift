import Domain
import Store

/// The last settings document decoded, by revision. Decoding the document (JSON, sealed secrets)
/// costs more than the rest of a boot script's reads; every save raises the revision, so a read
/// of the revision alone says whether the copy is current.
final class SettingsCache: Sendable {
    private let last = Locked<Settings?>(nil)

    /// The stored settings (`defaults` when none were saved), decoded again only when the stored
    /// revision differs from the cached one. Runs inside `tx`.
    func settings(_ tx: StoreTx, defaults: Settings) throws -> Settings {
        guard let revision = try tx.settingsRevision() else { return defaults }
        if let cached = last.withLock({ $0 }), cached.revision == revision { return cached }
        let fresh = try tx.settings() ?? defaults
        last.withLock { $0 = fresh }
        return fresh
    }
}

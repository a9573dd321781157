import Domain

/// A running part that follows the settings without a restart (a listener that rebinds).
public protocol LiveSettingsApplier: Sendable {
    /// Makes the part follow `new` (it follows `old` now). When it cannot (a port in use), it
    /// throws `ServiceError.conflict` naming the port and keeps running as before.
    func apply(old: Settings, new: Settings) async throws
}

/// The running parts a settings update is applied to before it is saved: a refusal from any of
/// them (409) saves nothing and puts back the parts already changed. Servers register while they
/// run; with none registered (tests, commands) an update only saves.
public final class LiveSettings: Sendable {
    private let state = Locked<(next: UInt64, appliers: [(id: UInt64, applier: any LiveSettingsApplier)])>((1, []))

    public init() {}

    /// Adds a running part; `unregister` with the returned id when it stops.
    public func register(_ applier: any LiveSettingsApplier) -> UInt64 {
        state.withLock { state in
            defer { state.next += 1 }
            state.appliers.append((state.next, applier))
            return state.next
        }
    }

    public func unregister(_ id: UInt64) {
        state.withLock { $0.appliers.removeAll { $0.id == id } }
    }

    private var appliers: [any LiveSettingsApplier] { state.withLock { $0.appliers.map(\.applier) } }

    /// Applies `new` to every part in registration order; when one refuses, the parts already
    /// changed go back to `old` and its error is thrown.
    func apply(old: Settings, new: Settings) async throws {
        var done: [any LiveSettingsApplier] = []
        for applier in appliers {
            do {
                try await applier.apply(old: old, new: new)
                done.append(applier)
            } catch {
                for applier in done.reversed() { try? await applier.apply(old: new, new: old) }
                throw error
            }
        }
    }

    /// Puts every part back to `old` (the save after `apply` failed).
    func revert(old: Settings, new: Settings) async {
        for applier in appliers.reversed() { try? await applier.apply(old: new, new: old) }
    }
}

import Domain
import Foundation

/// What the boot door renders, kept for one store generation (`AppStore.bootInputsGeneration`,
/// which moves on every commit that may change a script: a machine, its boot items, the boot
/// items, images, settings; not the boot phases `BootPhaseLog` writes). A value read under
/// generation G is stored as G and served only while the store is still at G, so a script is
/// never served after a change that alters it. Per machine the script is kept per base URL and
/// per variant (`owner`: the machine itself, with its CHAP secret; or anyone else, without).
///
/// Memory: one entry per known machine (unknown MACs are not kept), at most `maxBases` base
/// URLs each and `maxBases` generic scripts (the base URL follows the client's Host header);
/// past that the entry's scripts are dropped and rendered again.
final class BootScriptCache: Sendable {
    struct MachineEntry {
        var machine: Machine
        /// Scripts by "o|<base>" (owner) and "s|<base>" (stranger).
        var scripts: [String: String] = [:]
    }

    struct State {
        var generation: UInt64 = 0
        var settings: Settings?
        var items: [BootItem]?
        var machines: [MACAddress: MachineEntry] = [:]
        var generic: [String: String] = [:]
        /// What the boot fast path serves, per machine and per Host header (`FastBootScript`).
        var fastMachines: [MACAddress: FastBootScript] = [:]
        var fastGeneric: [String: FastBootScript] = [:]

        /// Forgets everything when `generation` is newer; false when it is older (a stale read).
        mutating func advance(to generation: UInt64) -> Bool {
            if generation == self.generation { return true }
            guard generation > self.generation else { return false }
            self = State(generation: generation)
            return true
        }
    }

    static let maxBases = 8
    private let state = Locked(State())
    /// When another process's commits were last looked for (`AppStore.checkOtherWriters`).
    private let lastOtherWritersCheck = Locked(ContinuousClock.Instant.now)

    /// True at most once per `interval`: time to look for other processes' commits.
    func otherWritersCheckDue(interval: Duration = .seconds(1)) -> Bool {
        let now = ContinuousClock.Instant.now
        return lastOtherWritersCheck.withLock { last in
            guard now - last >= interval else { return false }
            last = now
            return true
        }
    }

    /// Settings, boot items and the machine with `mac` as read under `generation`, or nil when
    /// any of them was not read under it (the machine: nil too when it is unknown).
    func inputs(mac: MACAddress, generation: UInt64) -> (Settings, Machine, [BootItem])? {
        state.withLock { s in
            guard s.generation == generation, let settings = s.settings, let items = s.items,
                  let entry = s.machines[mac] else { return nil }
            return (settings, entry.machine, items)
        }
    }

    /// The settings read under `generation`, if any.
    func settings(generation: UInt64) -> Settings? {
        state.withLock { s in s.generation == generation ? s.settings : nil }
    }

    /// Keeps what was read under `generation` (ignored when the cache has moved past it).
    func store(generation: UInt64, settings: Settings, items: [BootItem]? = nil, machine: Machine? = nil) {
        state.withLock { s in
            guard s.advance(to: generation) else { return }
            s.settings = settings
            if let items { s.items = items }
            if let machine, s.machines[machine.mac]?.machine != machine {
                s.machines[machine.mac] = MachineEntry(machine: machine)
                s.fastMachines[machine.mac] = nil
            }
        }
    }

    /// The machine script for `mac` at `base` in its `owner` variant, rendered by `render` on a miss.
    func script(mac: MACAddress, base: String, owner: Bool, generation: UInt64, render: () throws -> String) rethrows -> String {
        if let hit = cachedScript(mac: mac, base: base, owner: owner, generation: generation) { return hit }
        let key = (owner ? "o|" : "s|") + base
        let text = try render()
        state.withLock { s in
            guard s.generation == generation, s.machines[mac] != nil else { return }
            if s.machines[mac]!.scripts.count >= 2 * Self.maxBases { s.machines[mac]!.scripts = [:] }
            s.machines[mac]!.scripts[key] = text
        }
        return text
    }

    /// The machine script for `mac` at `base` in its `owner` variant when it is kept for `generation`.
    func cachedScript(mac: MACAddress, base: String, owner: Bool, generation: UInt64) -> String? {
        let key = (owner ? "o|" : "s|") + base
        return state.withLock { s in s.generation == generation ? s.machines[mac]?.scripts[key] : nil }
    }

    /// The generic script at `base` when it is kept for `generation`.
    func cachedGeneric(base: String, generation: UInt64) -> String? {
        state.withLock { s in s.generation == generation ? s.generic[base] : nil }
    }

    /// The generic script (`boot.ipxe`) at `base`, rendered by `render` on a miss.
    func generic(base: String, generation: UInt64, render: () throws -> String) rethrows -> String {
        if let hit = cachedGeneric(base: base, generation: generation) { return hit }
        let text = try render()
        state.withLock { s in
            guard s.generation == generation else { return }
            if s.generic.count >= Self.maxBases { s.generic = [:] }
            s.generic[base] = text
        }
        return text
    }

    // MARK: the boot fast path

    /// Keeps `script` for the fast path when the cache is still at `generation` and still holds
    /// the machine it was made from.
    func keepFast(_ script: FastBootScript, generation: UInt64) {
        state.withLock { s in
            guard s.generation == generation else { return }
            if let machine = script.machine {
                guard s.machines[machine.mac]?.machine == machine else { return }
                s.fastMachines[machine.mac] = script
            } else {
                if s.fastGeneric.count >= Self.maxBases { s.fastGeneric = [:] }
                s.fastGeneric[script.host ?? ""] = script
            }
        }
    }

    /// The fast path's script for `mac` (machine) or nil (generic) at `generation`: one lock, one
    /// dictionary lookup, no copy of the settings or the machine.
    func fast(mac: MACAddress?, host: String?, generation: UInt64) -> FastBootScript? {
        state.withLock { s in
            guard s.generation == generation else { return nil }
            guard let mac else { return s.fastGeneric[host ?? ""] }
            guard let script = s.fastMachines[mac], script.host == host else { return nil }
            return script
        }
    }
}

/// A script as the boot fast path serves it, made when the async path rendered it: the bytes,
/// the Host header it was rendered for (the base URL follows it) and, for a machine's own script,
/// the machine (it may boot, its menu has no iSCSI disk) and whether any client counts as it
/// (`http.trustAnyBootClient`). A class: the fast path takes it with one retain.
public final class FastBootScript: Sendable {
    /// The script's UTF-8 bytes.
    public let bytes: [UInt8]
    let host: String?
    let machine: Machine?
    let trustAnyClient: Bool

    init(text: String, host: String?, machine: Machine? = nil, trustAnyClient: Bool = false) {
        bytes = Array(text.utf8)
        self.host = host
        self.machine = machine
        self.trustAnyClient = trustAnyClient
    }
}

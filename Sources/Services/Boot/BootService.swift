import Domain
import Foundation
import Logging
import Render
import Store

/// The boot door's service: the generic `boot.ipxe`, each machine's script (the boot event),
/// previews for the console, and the base URL clients use.
public struct BootService: Sendable {
    let services: ServiceContainer
    /// The target driver's first disk LUN (1 on tgt, 0 on LIO): the driver's own value, so the
    /// LUNs in a script are the LUNs the provisioner exports.
    let firstLUN: Int
    /// The port the boot endpoints listen on, used when settings.http.publicBaseURL is empty.
    let listenPort: Int
    /// The kernel's neighbour table: who is who on the LAN (`BootOwnership`).
    let neighbours: NeighborCache
    /// Rendered scripts and their inputs while the store's generation stands.
    let scriptCache = BootScriptCache()
    /// One `boot.refused` event per client address and machine a minute.
    let refusals = Locked(RefusalLog())
    let logger: Logger

    /// - Parameters:
    ///   - services: the service container (machines, boot items, images, settings, discovery).
    ///   - firstLUN: the target driver's `firstLUN`.
    ///   - listenPort: the HTTP port of the boot endpoints.
    ///   - neighbours: the neighbour table that proves a client is the machine (tests pass a file).
    public init(services: ServiceContainer, firstLUN: Int, listenPort: Int, neighbours: NeighborTable = NeighborTable(),
                logger: Logger = Logger(label: "disklessd.boot")) {
        self.services = services
        self.firstLUN = firstLUN
        self.listenPort = listenPort
        self.neighbours = NeighborCache(table: neighbours)
        self.logger = logger
    }

    /// Where clients reach the boot endpoints, no trailing slash: settings.http.publicBaseURL;
    /// else the `Host` the client itself used (`host`), which is right behind any address or
    /// port mapping; else `http://<iscsi.serverAddress>:<listenPort>`.
    public func baseURL(_ settings: Settings, host: String? = nil) -> String {
        var url: String
        if !settings.http.publicBaseURL.isEmpty {
            url = settings.http.publicBaseURL
        } else if let host, Self.isPlainHost(host) {
            url = "http://\(host)"
        } else {
            url = "http://\(settings.iscsi.serverAddress):\(listenPort)"
        }
        while url.hasSuffix("/") { url.removeLast() }
        return url
    }

    /// A Host header that is only a name or address and a port: letters, digits, `. - : [ ]`.
    /// Checked over UTF-8 bytes: by `Character` (grapheme breaking) it was 1.8 % of a boot storm's CPU.
    static func isPlainHost(_ host: String) -> Bool {
        let bytes = host.utf8
        return (1...255).contains(bytes.count) && bytes.allSatisfy { b in
            (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
                || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || b == UInt8(ascii: ".") || b == UInt8(ascii: "-")
                || b == UInt8(ascii: ":") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]")
        }
    }

    /// `boot.ipxe`, the script every client fetches first (kept per base URL until the settings
    /// change: `BootScriptCache`).
    /// - Parameter host: the request's Host header, used when no public base URL is set.
    public func genericScript(host: String? = nil) async throws -> String {
        let generation = await currentGeneration()
        let settings = try await bootSettings(generation: generation)
        let base = baseURL(settings, host: host)
        let text = try scriptCache.generic(base: base, generation: generation) {
            try render { try BootScripts.generic(baseURL: base) }
        }
        if scriptCache.fast(mac: nil, host: host, generation: generation) == nil {
            scriptCache.keepFast(FastBootScript(text: text, host: host), generation: generation)
        }
        return text
    }

    /// The script for the client with `mac`. From the machine itself (`BootOwnership`) this is
    /// the boot event: a registered machine that may boot is marked `booting` (phase `script`,
    /// written in a batch within 200 ms: `MachineService.recordBootScript`) and the provisioner
    /// resets its disk when its mode asks for it, before the script is sent — on every request,
    /// cached script or not. From anyone else it is only a look: the script without the CHAP
    /// secret, no reset, no boot phase, and a `boot.refused` event naming who asked. An unknown
    /// MAC is recorded as discovered and gets a script that asks for registration. Settings,
    /// machine and boot items come from one read transaction, or from `BootScriptCache` while
    /// nothing they are made of has changed; so does the rendered script (per variant).
    /// Never throws: any failure becomes a script that prints the reason and retries.
    public func script(forMAC mac: MACAddress, client: BootClient = BootClient(), host: String? = nil) async -> String {
        var base = "http://127.0.0.1:\(listenPort)"
        do {
            let generation = await currentGeneration()
            let (settings, known, items) = try await bootInputs(mac: mac, generation: generation)
            base = baseURL(settings, host: host)
            guard let machine = known else {
                try await services.discovery.record(mac: mac, ip: client.ip, via: "script", platform: client.platform)
                logger.info("unknown machine asked for its boot script", metadata: ["mac": "\(mac)"])
                return try BootScripts.unknownMachine(mac: mac, baseURL: base)
            }
            guard machine.allowBoot else {
                return try BootScripts.notAllowed(machine: machine, baseURL: base)
            }
            let ownership = BootOwnership.judge(mac: mac, client: client.ip, trustAnyClient: settings.http.trustAnyBootClient,
                                                neighbour: { neighbours.mac(for: $0, expecting: mac) })
            guard ownership.isMachine else {
                await refused(machine, client: client, ownership)
                return try scriptCache.script(mac: mac, base: base, owner: false, generation: generation) {
                    try MachineScript.render(plan(for: machine.withoutSecrets, settings: settings, items: items, baseURL: base))
                }
            }
            let booted = await services.machines.recordBootScript(machine: machine, items: items, ip: client.ip)
            // The script does not show the boot record (status, phase, time): the cached one is the same.
            let text = try scriptCache.script(mac: mac, base: base, owner: true, generation: generation) {
                try MachineScript.render(plan(for: booted, settings: settings, items: items, baseURL: base))
            }
            // Kept once per generation; a disk's boot event goes through the provisioner.
            if scriptCache.fast(mac: mac, host: host, generation: generation) == nil, !MachineService.hasDisks(machine, items: items) {
                scriptCache.keepFast(FastBootScript(text: text, host: host, machine: machine,
                                                    trustAnyClient: settings.http.trustAnyBootClient), generation: generation)
            }
            return text
        } catch {
            logger.warning("boot script failed", metadata: ["mac": "\(mac)", "error": "\(error)"])
            _ = try? await services.events.record(Event(actor: "boot", action: "boot.script", subject: "mac/\(mac.hexraw)",
                                                        outcome: .failure, detail: "\(error)"))
            return (try? BootScripts.error("\(error)", mac: mac, baseURL: base))
                ?? "#!ipxe\necho disklessd: boot script failed\nsleep 30\nreboot\n"
        }
    }

    /// The store's `bootInputsGeneration`, taken before anything is read (so what is read is at
    /// least that new); at most once a second it first looks for other processes' commits.
    func currentGeneration() async -> UInt64 {
        let store = services.context.store
        if scriptCache.otherWritersCheckDue() { await store.checkOtherWriters() }
        return store.bootInputsGeneration
    }

    /// The settings, decoded once per `generation`.
    func bootSettings(generation: UInt64) async throws -> Settings {
        if let settings = scriptCache.settings(generation: generation) { return settings }
        let settings = try await services.settings.get()
        scriptCache.store(generation: generation, settings: settings)
        return settings
    }

    /// Everything a boot script is made of: the settings, the machine with `mac` (nil when
    /// unknown) and every boot item; from the cache when read under `generation`, else in one
    /// read transaction.
    func bootInputs(mac: MACAddress, generation: UInt64) async throws -> (Settings, Machine?, [BootItem]) {
        if let hit = scriptCache.inputs(mac: mac, generation: generation) { return (hit.0, hit.1, hit.2) }
        let context = services.context
        let (settings, machine, items) = try await context.read { [cache = context.settingsCache, defaults = context.config.defaultSettings] tx in
            (try cache.settings(tx, defaults: defaults), try tx.machine(mac: mac), try tx.allBootItems())
        }
        scriptCache.store(generation: generation, settings: settings, items: items, machine: machine)
        return (settings, machine, items)
    }
}

import Domain
import Foundation
import Store

/// What the boot fast path can do with a machine's script request without awaiting anything.
public enum CachedBootScript: Sendable, Equatable {
    /// Not answerable from memory (cache miss, unknown machine, not proven the owner, a disk
    /// whose boot event goes through the provisioner, …): `BootService.script(forMAC:)` answers.
    case slowPath
    /// `admit` said no (the client's rate limit): nothing was recorded.
    case denied
    /// The script, with the boot event queued exactly as `script(forMAC:)` queues it.
    case script(String)
}

extension BootService {
    /// The same answers as `genericScript`, `script(forMAC:)` and `clientAddress`, from
    /// `BootScriptCache` and the kept neighbour table only, for the HTTP fast path on an event
    /// loop: no database, no file read, no await. One truth: the scripts are the ones the async
    /// path rendered and kept; a miss is left to it.

    /// The store generation, or nil when a look for other processes' commits is due (the async
    /// path does that look).
    func cachedGeneration() -> UInt64? {
        scriptCache.otherWritersCheckWaiting() ? nil : services.context.store.bootInputsGeneration
    }

    /// `boot.ipxe` for `host` when it is kept for the current generation.
    public func cachedGenericScript(host: String?) -> String? {
        guard let generation = cachedGeneration(), let settings = scriptCache.settings(generation: generation) else { return nil }
        return scriptCache.cachedGeneric(base: baseURL(settings, host: host), generation: generation)
    }

    /// `clientAddress(peer:forwardedFor:)` without a settings read: nil when `X-Forwarded-For` is
    /// present and the settings of the current generation are not kept.
    public func cachedClientAddress(peer: String, forwardedFor: String?) -> String? {
        guard forwardedFor != nil else { return String(peer.prefix(64)) }
        guard let generation = cachedGeneration(), let settings = scriptCache.settings(generation: generation) else { return nil }
        return ForwardedClient.resolve(peer: peer, forwardedFor: forwardedFor, trusted: settings.http.trustedProxies)
    }

    /// The script of the machine with `mac` for a request from `ip`, when everything it takes is
    /// kept for the current generation and the request is the machine's own boot event without
    /// a disk: the known machine may boot, the kept neighbour table (or `trustAnyBootClient`)
    /// proves the client is the machine, its owner script is kept, its menu carries no iSCSI
    /// disk. Then `admit` is asked once (the rate limit); when it agrees the boot event is queued
    /// (`MachineService.recordBootScriptWithoutDisks`, the same record as the async path).
    public func cachedScript(forMAC mac: MACAddress, ip: IPv4Address?, host: String?, admit: () -> Bool) -> CachedBootScript {
        guard let generation = cachedGeneration(), case let (settings, machine, items)? = scriptCache.inputs(mac: mac, generation: generation)
        else { return .slowPath }
        guard machine.allowBoot else { return .slowPath }
        let ownership = BootOwnership.judge(mac: mac, client: ip, trustAnyClient: settings.http.trustAnyBootClient,
                                            neighbour: { neighbours.keptMAC(for: $0, expecting: mac) })
        guard ownership.isMachine, !MachineService.hasDisks(machine, items: items),
              let text = scriptCache.cachedScript(mac: mac, base: baseURL(settings, host: host), owner: true, generation: generation)
        else { return .slowPath }
        guard admit() else { return .denied }
        guard services.machines.recordBootScriptWithoutDisks(machine: machine, items: items, ip: ip) != nil else { return .slowPath }
        return .script(text)
    }
}

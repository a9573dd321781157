import Domain
import Foundation
import Store

/// What the boot fast path can do with a machine's script request without awaiting anything.
public enum FastBootAnswer: Sendable {
    /// Not answerable from memory (cache miss, unknown machine, not proven the owner, a disk
    /// whose boot event goes through the provisioner, another Host header, …):
    /// `BootService.script(forMAC:)` answers.
    case slowPath
    /// `admit` said no (the client's rate limit): nothing was recorded.
    case denied
    /// The script, with the boot event queued exactly as `script(forMAC:)` queues it.
    case script(FastBootScript)
}

extension BootService {
    /// The same answers as `genericScript`, `script(forMAC:)` and `clientAddress`, from
    /// `BootScriptCache` and the kept neighbour table only, for the HTTP fast path on an event
    /// loop: no database, no file read, no await. One truth: the scripts are the ones the async
    /// path rendered and kept (`FastBootScript`); a miss is left to it.

    /// The store generation. At most once a second it also starts a look for other processes'
    /// commits (off the event loop); until that look moves the generation, the kept scripts are
    /// served, so another process's change is seen within about a second, as on the async path.
    func fastGeneration() -> UInt64 {
        let store = services.context.store
        if scriptCache.otherWritersCheckDue() {
            Task.detached { await store.checkOtherWriters() }
        }
        return store.bootInputsGeneration
    }

    /// `boot.ipxe` for the Host header `host` when it is kept for the current generation.
    public func fastGenericScript(host: String?) -> FastBootScript? {
        scriptCache.fast(mac: nil, host: host, generation: fastGeneration())
    }

    /// The trusted proxies of the settings kept for the current generation (nil when they are not
    /// kept): an `X-Forwarded-For` request on the fast path needs them.
    public func fastTrustedProxies() -> [IPv4Address]? {
        scriptCache.settings(generation: fastGeneration())?.http.trustedProxies
    }

    /// The script of the machine with `mac` for a request from `ip` with the Host header `host`,
    /// when the request is the machine's own boot event without a disk and everything it takes
    /// is kept for the current generation: the machine's owner script was rendered for this
    /// host, and `trustAnyBootClient` or the kept neighbour table proves the client is the
    /// machine (`BootOwnership`). Then `admit` is asked once (the rate limit); when it agrees the
    /// boot event is queued (`MachineService.recordBootScript`, the same record as the async path).
    public func fastScript(forMAC mac: MACAddress, ip: IPv4Address?, host: String?, admit: () -> Bool) -> FastBootAnswer {
        guard let script = scriptCache.fast(mac: mac, host: host, generation: fastGeneration()), let machine = script.machine
        else { return .slowPath }
        let ownership = BootOwnership.judge(mac: mac, client: ip, trustAnyClient: script.trustAnyClient,
                                            neighbour: { neighbours.keptMAC(for: $0, expecting: mac) })
        guard ownership.isMachine else { return .slowPath }
        guard admit() else { return .denied }
        services.machines.recordFastBootScript(machine: machine, ip: ip)
        return .script(script)
    }
}

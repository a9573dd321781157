import Domain

/// The scripts that are not a machine's menu: the generic `boot.ipxe` every client fetches first,
/// and what a client gets when disklessd cannot give it a menu. Each one ends in a bounded wait
/// and a retry, never a silent hang.
public enum BootScripts {
    /// `boot.ipxe`: makes sure the network is up (retrying DHCP), then chains the machine's own
    /// script by MAC address with platform, architecture, UUID and serial number as parameters.
    /// - Parameter baseURL: where the boot endpoints are (`http://192.168.1.2:8050`).
    public static func generic(baseURL: String) throws -> String {
        let base = try RenderGuard.url(baseURL, field: "baseURL")
        var s = IPXEScript()
        s.add(["# disklessd: fetch this machine's own boot script by its MAC address",
               "set base-url \(base)",
               "",
               ":net",
               "isset ${ip} && goto script ||",
               "echo disklessd: configuring the network (DHCP)...",
               "dhcp && goto script ||",
               "echo disklessd: DHCP failed on every network interface.",
               "prompt --key 0x02 --timeout 5000 Press Ctrl-B for the iPXE shell, or wait 5 s to retry... && shell ||",
               "goto net",
               "",
               ":script",
               "chain \(IPXE.machineScriptURL(baseURL: "${base-url}")) || goto failed",
               // A machine script that exits (local boot) returns here: leave iPXE as well.
               "exit",
               "",
               ":failed",
               "echo disklessd: could not load ${base-url}/boot/${mac:hexraw}.ipxe (see the error above).",
               "prompt --key 0x02 --timeout 10000 Press Ctrl-B for the iPXE shell, or wait 10 s to retry... && shell ||",
               "goto net"])
        return try s.text()
    }

    /// The script for a MAC address disklessd does not know: shows the MAC and the server and
    /// asks for registration, then fetches the script again every 30 seconds.
    public static func unknownMachine(mac: MACAddress, baseURL: String) throws -> String {
        let base = try RenderGuard.url(baseURL, field: "baseURL")
        return try waitAndRetry(baseURL: base, comment: "MAC \(mac) is not registered", message: [
            "echo disklessd: this machine is not registered.",
            "echo MAC address: \(mac)",
            "echo boot server: \(base)",
            "echo Register it in the disklessd console under Discovered machines.",
        ])
    }

    /// The script for a machine that must not boot from the network.
    public static func notAllowed(machine: Machine, baseURL: String) throws -> String {
        let base = try RenderGuard.url(baseURL, field: "baseURL")
        let name = try RenderGuard.word(machine.name, field: "machine.name")
        return try waitAndRetry(baseURL: base, comment: "machine \(name) may not boot", message: [
            "echo disklessd: machine \(name) (\(machine.mac)) is not allowed to boot from the network.",
            "echo An operator can allow it in the disklessd console.",
        ])
    }

    /// The script served when rendering or preparing the machine's disk failed: the reason (made
    /// safe to print), then a retry.
    public static func error(_ message: String, mac: MACAddress, baseURL: String) throws -> String {
        let base = try RenderGuard.url(baseURL, field: "baseURL")
        let reason = RenderGuard.display(message)
        return try waitAndRetry(baseURL: base, comment: "boot error for \(mac)", message: [
            "echo disklessd: could not prepare the boot of \(mac):",
            "echo \(reason.isEmpty ? "unknown error" : reason)",
        ])
    }

    /// Message, a 30-second pause with a way into the shell, then the machine's script again.
    /// `--replace` keeps the retries from nesting one script inside the other forever.
    static func waitAndRetry(baseURL: String, comment: String, message: [String]) throws -> String {
        var s = IPXEScript()
        s.add("# disklessd: \(comment)")
        s.add(":retry")
        s.add("echo")
        s.add(message)
        s.add(IPXE.pauseWithShell(seconds: 30, then: "again"))
        s.add(":again")
        s.add("chain --replace --autofree \(IPXE.machineScriptURL(baseURL: baseURL)) || goto retry")
        s.add("goto retry")
        return try s.text()
    }
}

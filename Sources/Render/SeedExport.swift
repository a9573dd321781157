import Domain

/// The prototype's file layout, for sites that serve the scripts with their own nginx from the
/// HTTP root:
///
/// ```
/// ipxe/boot.ipxe                    generic: loads boot.ipxe.cfg, then cfg/mac-<hexraw>.ipxe.cfg
/// ipxe/boot.ipxe.cfg                set iscsi-server / base-url / menu-timeout (ms)
/// ipxe/cfg/mac-<hexraw>.ipxe.cfg    one machine's menu
/// ```
public enum SeedExport {
    /// The directory under the HTTP root that holds the export.
    public static let directory = "ipxe"

    /// The relative path of a machine's file: `ipxe/cfg/mac-<hexraw>.ipxe.cfg`.
    public static func machinePath(_ mac: MACAddress) -> String { "\(directory)/cfg/mac-\(mac.hexraw).ipxe.cfg" }

    /// Every file of the export, keyed by path relative to the HTTP root. Machines that may not
    /// boot or have no boot items get no file; `boot.ipxe` tells such a client so and retries.
    /// - Parameters:
    ///   - baseURL: the URL the external web server serves the HTTP root at.
    ///   - plans: one plan per machine, rendered with `baseURL` as their base and assets URL.
    public static func files(baseURL: String, iscsiServer: IPv4Address, menuTimeoutSeconds: Int,
                             plans: [MachineBootPlan]) throws -> [String: String] {
        let base = try RenderGuard.url(baseURL, field: "http.publicBaseURL")
        var out: [String: String] = [:]
        out["\(directory)/boot.ipxe"] = try bootScript()
        out["\(directory)/boot.ipxe.cfg"] = try config(baseURL: base, iscsiServer: iscsiServer,
                                                       menuTimeoutSeconds: menuTimeoutSeconds)
        for plan in plans where plan.machine.allowBoot && !plan.entries.isEmpty {
            out[machinePath(plan.machine.mac)] = try MachineScript.render(plan)
        }
        return out
    }

    /// `ipxe/boot.ipxe.cfg`: the settings the other files use.
    public static func config(baseURL: String, iscsiServer: IPv4Address, menuTimeoutSeconds: Int) throws -> String {
        var s = IPXEScript()
        s.add(["set iscsi-server \(iscsiServer)",
               "set base-url \(try RenderGuard.url(baseURL, field: "http.publicBaseURL"))",
               "set menu-timeout \(max(0, menuTimeoutSeconds) * 1000)"])
        return try s.text()
    }

    /// `ipxe/boot.ipxe`: network up, settings loaded (relative to this script's own URL), then
    /// the machine's file; a MAC without a file is told so and retried.
    static func bootScript() throws -> String {
        var s = IPXEScript()
        s.add(["# disklessd seed-compatible export (served by an external web server)",
               ":net",
               "isset ${ip} && goto cfg ||",
               "dhcp && goto cfg ||",
               "echo disklessd: DHCP failed, retrying in 5 s.",
               "sleep 5",
               "goto net",
               "",
               ":cfg",
               "chain --autofree boot.ipxe.cfg || goto failed",
               "chain --autofree ${base-url}/ipxe/cfg/mac-${mac:hexraw}.ipxe.cfg || goto unknown",
               "exit",
               "",
               ":unknown",
               "echo disklessd: no boot menu for ${mac} on ${base-url}: the machine is not registered or may not boot.",
               "prompt --key 0x02 --timeout 30000 Press Ctrl-B for the iPXE shell, or wait 30 s to retry... && shell ||",
               "goto cfg",
               "",
               ":failed",
               "echo disklessd: could not load boot.ipxe.cfg (see the error above).",
               "prompt --key 0x02 --timeout 10000 Press Ctrl-B for the iPXE shell, or wait 10 s to retry... && shell ||",
               "goto net"])
        return try s.text()
    }
}

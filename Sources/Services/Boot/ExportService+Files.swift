import Domain
import Foundation
import Render

extension ExportService {
    /// Writes `ipxe/boot.ipxe`, `ipxe/boot.ipxe.cfg` and one `ipxe/cfg/mac-<hexraw>.ipxe.cfg` per
    /// bootable machine under the HTTP root, and removes machine files no longer wanted.
    /// Does nothing when settings.http.exportFiles is off.
    public func exportSeed(_ settings: Settings) async throws -> Report {
        var report = Report()
        guard settings.http.exportFiles else { return report }
        let root = httpRoot(settings)
        let base = boot.exportBaseURL(settings)
        let items = try await services.bootItems.list()
        // The external web server serves the HTTP root itself: assets are at <base>/<path>.
        let plans = try await services.machines.all().map {
            boot.plan(for: $0, settings: settings, items: items, baseURL: base, assetsURL: base)
        }
        let files = try boot.render {
            try SeedExport.files(baseURL: base, iscsiServer: settings.iscsi.serverAddress,
                                 menuTimeoutSeconds: settings.http.menuTimeoutSeconds, plans: plans)
        }
        for (relative, text) in files.sorted(by: { $0.key < $1.key }) {
            let path = (root as NSString).appendingPathComponent(relative)
            if try AtomicFile.write(text, to: path) { report.written.append(path) }
        }
        let cfgDir = (root as NSString).appendingPathComponent(SeedExport.directory + "/cfg")
        let present = (try? FileManager.default.contentsOfDirectory(atPath: cfgDir)) ?? []
        for name in present where name.hasPrefix("mac-") && name.hasSuffix(".ipxe.cfg")
            && files[SeedExport.directory + "/cfg/" + name] == nil {
            let path = (cfgDir as NSString).appendingPathComponent(name)
            try FileManager.default.removeItem(atPath: path)
            report.removed.append(path)
        }
        return report
    }

    /// Writes the dnsmasq (full mode) or isc-dhcp config to settings.dhcp.configPath when the mode
    /// is `dnsmasq` or `isc` and a path is set; runs the reload command when the file changed.
    public func writeDHCPConfig(_ settings: Settings) async throws -> Report {
        var report = Report()
        let dhcp = settings.dhcp
        guard dhcp.mode == .dnsmasq || dhcp.mode == .isc, !dhcp.configPath.isEmpty else { return report }
        let path = try Validate.absolutePath(dhcp.configPath, field: "dhcp.configPath")
        let text = try await boot.configPreview(dhcp.mode == .isc ? .isc : .dnsmasq)
        guard try AtomicFile.write(text, to: path) else { return report }
        report.written.append(path)
        if !dhcp.reloadCommand.isEmpty {
            try await runner.run(dhcp.reloadCommand)
            report.reloaded = true
        }
        return report
    }
}

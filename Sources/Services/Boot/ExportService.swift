import Domain
import Foundation
import Logging
import Render

/// Keeps generated files in step with the database: the seed-compatible `ipxe/` export under the
/// HTTP root (when settings.http.exportFiles is on) and the dnsmasq / isc-dhcp config (when
/// settings.dhcp.mode asks for one). `run()` rewrites them after every change it hears about on
/// the event stream; each write is atomic and skipped when the content is unchanged.
public struct ExportService: Sendable {
    /// What one pass did, for logs and tests.
    public struct Report: Sendable, Hashable {
        /// Paths written (changed content only).
        public var written: [String] = []
        /// Stale machine files removed from the export.
        public var removed: [String] = []
        /// True when the reload command ran.
        public var reloaded = false
    }

    let services: ServiceContainer
    let boot: BootService
    let runner: ReloadRunner
    let logger: Logger

    public init(services: ServiceContainer, boot: BootService, runner: ReloadRunner = ReloadRunner(),
                logger: Logger = Logger(label: "disklessd.export")) {
        self.services = services
        self.boot = boot
        self.runner = runner
        self.logger = logger
    }

    /// Event actions after which generated files may change. Boot bookkeeping (`boot.*`,
    /// `machine.status`) does not change them and would only cause rewrites.
    static func isRelevant(_ action: String) -> Bool {
        let nouns = ["machine.", "bootItem.", "image.", "settings.", "discovered."]
        return nouns.contains { action.hasPrefix($0) } && action != "machine.status" && !action.hasSuffix(".provision")
            && action != "machine.reset"
    }

    /// Writes everything once now, then again after every relevant event until cancelled.
    /// Failures are logged and recorded as events; the loop goes on.
    public func run() async {
        let stream = services.events.subscribe()
        await passLogged()
        for await event in stream where Self.isRelevant(event.action) && event.outcome == .success {
            await passLogged()
        }
    }

    /// One pass: the seed export and the DHCP config.
    public func pass() async throws -> Report {
        let settings = try await services.settings.get()
        var report = try await exportSeed(settings)
        let dhcp = try await writeDHCPConfig(settings)
        report.written += dhcp.written
        report.reloaded = dhcp.reloaded
        return report
    }

    func passLogged() async {
        do {
            let r = try await pass()
            if !r.written.isEmpty || !r.removed.isEmpty {
                logger.info("generated files updated", metadata: ["written": "\(r.written)", "removed": "\(r.removed)"])
            }
        } catch {
            logger.warning("writing generated files failed", metadata: ["error": "\(error)"])
            _ = try? await services.events.record(Event(actor: "system", action: "export.write", subject: "settings",
                                                        outcome: .failure, detail: "\(error)"))
        }
    }

    /// The HTTP root: settings.http.rootPath, else `<data-dir>/http`.
    public func httpRoot(_ settings: Settings) -> String {
        settings.http.rootPath.isEmpty ? (services.config.dataDir as NSString).appendingPathComponent("http")
            : settings.http.rootPath
    }
}

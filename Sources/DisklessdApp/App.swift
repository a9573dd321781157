import Foundation
import Logging
import Services
import SystemdSupport
import UnixSignals

/// The composition root: config → store → services → drivers → servers.
///
/// `disklessd serve` calls `run()`. Tests build the parts themselves (`assemble`), start
/// `serviceGroup(parts:signals:onListening:)` on port 0 in a task, learn the bound port from
/// `onListening`, and stop the group at the end.
public struct App: Sendable {
    public let config: AppConfig
    public let logger: Logger

    public init(config: AppConfig, logger: Logger? = nil) {
        self.config = config
        var logger = logger ?? Logger(label: "disklessd")
        logger.logLevel = config.logLevel
        self.logger = logger
        _ = MetricsBackend.registry  // swift-metrics → Prometheus, before any part records
    }

    /// Runs every server until SIGTERM or SIGINT, then shuts down gracefully.
    public func run() async throws {
        let parts = try await assemble()
        if let missing = ServeCapabilityCheck(privileges: .current())
            .failure(config: config, settings: try await parts.services.settings.get()) {
            throw missing  // the CLI prints it and exits 1
        }
        if let webRoot = config.webRoot, !FileManager.default.fileExists(atPath: Self.absolute(webRoot) + "/index.html") {
            logger.warning("no console at the web root (index.html missing): use --web-root", metadata: ["webRoot": "\(webRoot)"])
        }
        let notifier = SystemdNotifier(environment: ProcessInfo.processInfo.environment)
        try await run(parts: parts, signals: [.sigterm, .sigint]) { port in
            logger.notice("disklessd listening", metadata: ["address": "\(config.host):\(port)"])
            // Type=notify: started once the start-up reconcile is done and the main port listens.
            if notifier.notify("READY=1") { logger.info("told systemd: ready") }
        }
        logger.notice("disklessd stopped")
    }
}

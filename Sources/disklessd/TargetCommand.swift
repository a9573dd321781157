import ArgumentParser
import BuiltinTarget
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `disklessd target`: the built-in iSCSI target as its own process (the data plane), so that
/// restarting or upgrading `serve` never drops a PC's disk. `serve` drives it over the control
/// socket; it restores its targets from its state file when it starts.
struct TargetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "target", abstract: "Run the built-in iSCSI target (data plane).")

    @OptionGroup var common: CommonOptions

    @Option(help: "Portal address (env DISKLESSD_TARGET_HOST).")
    var host: String = ProcessInfo.processInfo.environment["DISKLESSD_TARGET_HOST"] ?? "0.0.0.0"

    @Option(help: "Portal port (env DISKLESSD_TARGET_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["DISKLESSD_TARGET_PORT"].flatMap { Int($0) } ?? 3260

    @Option(help: "Control socket (env DISKLESSD_TARGET_CONTROL; default <data-dir>/target/control.sock).")
    var control: String? = ProcessInfo.processInfo.environment["DISKLESSD_TARGET_CONTROL"]

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
    }

    func run() async throws {
        let level = try common.level()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "disklessd.target")
        let stateDir = (common.dataDir as NSString).appendingPathComponent("target")
        try FileManager.default.createDirectory(atPath: stateDir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let registry = TargetRegistry()
        let table = TargetTable(registry: registry, stateFile: (stateDir as NSString).appendingPathComponent("targets.json"), logger: logger)
        await table.restore()
        let portal = ISCSITargetServer(host: host, port: port, registry: registry, logger: logger)
        let controlServer = ControlServer(path: control ?? (stateDir as NSString).appendingPathComponent("control.sock"), table: table, logger: logger)
        let group = ServiceGroup(services: [portal, controlServer], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
    }
}

import ArgumentParser
import DisklessdApp
import Domain
import Foundation
import Logging

/// `disklessd serve`: runs the API, console, boot endpoints, TFTP, ProxyDHCP and the Thrift port
/// until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the server.")

    @OptionGroup var common: CommonOptions

    @Option(help: "Listen address (env DISKLESSD_HOST).")
    var host: String = ProcessInfo.processInfo.environment["DISKLESSD_HOST"] ?? "0.0.0.0"

    @Option(help: "Listen port of the API, console and boot endpoints (env DISKLESSD_PORT).")
    var port: Int = ProcessInfo.processInfo.environment["DISKLESSD_PORT"].flatMap { Int($0) } ?? DefaultPorts.http

    @Option(help: "Optional second port serving only the boot endpoints (env DISKLESSD_BOOT_PORT).")
    var bootPort: Int? = ProcessInfo.processInfo.environment["DISKLESSD_BOOT_PORT"].flatMap { Int($0) }

    @Option(help: "Directory of the web console; empty disables it (env DISKLESSD_WEB_ROOT).")
    var webRoot: String = ProcessInfo.processInfo.environment["DISKLESSD_WEB_ROOT"] ?? "web"

    @Flag(help: "Do not start TFTP, ProxyDHCP and the Thrift port (HTTP only).")
    var httpOnly = false

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be 0–65535") }
        if let bootPort, !(1...65535).contains(bootPort) { throw ValidationError("--boot-port must be 1–65535") }
    }

    /// This binary, to start `disklessd target` as a child (the built-in target driver).
    static var executable: String? {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments.first.map { arg in
            arg.hasPrefix("/") ? arg : FileManager.default.currentDirectoryPath + "/" + arg
        }
    }

    func run() async throws {
        let bootRateLimit = try AppConfig.bootRateLimitFromEnvironment()
        let level = try common.level()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let config = AppConfig(dataDir: common.dataDir, host: host, port: port, bootOnlyPort: bootPort, logLevel: level,
                               webRoot: webRoot.isEmpty ? nil : webRoot, startNetworkServices: !httpOnly,
                               bootRateLimit: bootRateLimit, targetExecutable: Self.executable)
        try await App(config: config).run()
    }
}

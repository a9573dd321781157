import ArgumentParser
import DisklessdApp
import Foundation
import Logging

/// Options every subcommand that opens the database shares.
struct CommonOptions: ParsableArguments {
    @Option(help: "Data directory: database, disks, tftp and http roots (env DISKLESSD_DATA_DIR; default ./data, /var/lib/disklessd as root).")
    var dataDir: String = ProcessInfo.processInfo.environment["DISKLESSD_DATA_DIR"] ?? AppConfig.defaultDataDir

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (env DISKLESSD_LOG_LEVEL).")
    var logLevel: String = ProcessInfo.processInfo.environment["DISKLESSD_LOG_LEVEL"] ?? "info"

    func level() throws -> Logger.Level {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }
}

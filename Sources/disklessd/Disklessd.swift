import ArgumentParser
import Domain

/// The `disklessd` command line: `serve`, `user`, `check`, `import-seed`, `export-seed`.
@main
struct Disklessd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disklessd",
        abstract: "Diskless network-boot server: PXE → iPXE → iSCSI, REST API, console and dbc Thrift port.",
        version: DisklessdVersion.current,
        subcommands: [ServeCommand.self, UserCommand.self, CheckCommand.self, TargetCommand.self, ImportSeedCommand.self,
                      ExportSeedCommand.self],
        defaultSubcommand: ServeCommand.self)
}

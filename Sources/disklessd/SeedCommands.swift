import ArgumentParser
import Domain
import Foundation
import Services

/// `disklessd import-seed DIR`: migrates the prototype's data folder (its `db/` CSVs and
/// `config.json`) into the database, all or nothing. Works on the database directly, like
/// `user`; the running server's reconciler makes the disks and targets (POST /api/v1/reconcile
/// or a restart).
struct ImportSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-seed",
        abstract: "Import the prototype's host.csv, os.csv, data_disk.csv, boot_menu.csv and config.json (all or nothing).",
        discussion: """
        DIR is the prototype's folder: the CSVs in DIR or DIR/db, config.json (or config.json.bak) in DIR. \
        Image contents are imported by the server: POST /api/v1/import/seed?contents=/path/to/disk/files.
        """)
    @OptionGroup var common: CommonOptions
    @Argument(help: "The prototype's folder.") var directory: String

    func run() async throws {
        let services = try common.services()
        let files = try SeedFiles.read(directory: directory)
        do {
            let r = try await services.seed.importSeed(files, by: .system)
            print("read \(r.files.joined(separator: ", "))")
            print("created \(r.images.count) images, \(r.bootItems.count) boot items, \(r.machines.count) machines" +
                  (r.settingsChanged ? "; settings changed" : ""))
            for note in r.notes { print("note: \(note)") }
        } catch let ServiceError.validation(e) {
            // One line per problem, `file[line].column: message`, and nothing imported.
            var report = "nothing imported: \(e.errors.count) problem\(e.errors.count == 1 ? "" : "s")\n"
            for problem in e.errors { report += "\(problem.field): \(problem.message)\n" }
            FileHandle.standardError.write(Data(report.utf8))
            throw ExitCode(65)
        }
    }
}

/// `disklessd export-seed DIR`: writes the four CSVs and config.json in the prototype's layout.
struct ExportSeedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-seed", abstract: "Write host.csv, os.csv, data_disk.csv, boot_menu.csv and config.json to DIR.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "Folder to write (created when missing).") var directory: String

    func run() async throws {
        let services = try common.services()
        let files = try await services.seed.export()
        try files.write(directory: directory)
        print("wrote \(files.files.keys.sorted().joined(separator: ", ")) to \(directory)")
    }
}

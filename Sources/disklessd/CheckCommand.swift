import ArgumentParser
import DisklessdApp
import Domain
import Foundation
import Services

/// `disklessd check`: prints what this host has for the boot chain, and the iPXE build each
/// platform's PCs get from the data directory's TFTP root. Always exits 0.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Print what this host offers: LVM, device-mapper, LIO, tgt, the built-in target, iPXE files and the boot files in use, free ports.")

    @OptionGroup var common: CommonOptions

    func run() async {
        var findings = HostCheck().run()
        findings.append(await HostCheck.builtinTargetFinding(dataDir: common.dataDir))
        findings += HostCheck.bootFileFindings(await bootFiles())
        let width = findings.map(\.name.count).max() ?? 10
        for f in findings {
            let name = f.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(f.ok ? "ok  " : "--  ")\(name)  \(f.detail)")
        }
    }

    /// With a database in the data directory, its settings name the files; without one, the defaults.
    func bootFiles() async -> BootFilesReport {
        let database = (common.dataDir as NSString).appendingPathComponent("disklessd.sqlite")
        if FileManager.default.fileExists(atPath: database), let services = try? common.services(),
           let report = try? await services.settings.bootFiles() {
            return report
        }
        return await BootFileInspector().report(Settings(), dataDir: common.dataDir)
    }
}

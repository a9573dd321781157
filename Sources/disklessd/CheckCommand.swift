import ArgumentParser
import Foundation
import DisklessdApp

/// `disklessd check`: prints what this host has for the boot chain. Always exits 0.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Print what this host offers: LVM, device-mapper, LIO, tgt, iPXE files, free ports.")

    func run() {
        let findings = HostCheck().run()
        let width = findings.map(\.name.count).max() ?? 10
        for f in findings {
            let name = f.name.padding(toLength: width, withPad: " ", startingAt: 0)
            print("\(f.ok ? "ok  " : "--  ")\(name)  \(f.detail)")
        }
    }
}

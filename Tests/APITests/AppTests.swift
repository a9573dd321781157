import DisklessdApp
import Foundation
import Testing

/// The composition root's pieces that are not HTTP routes.
@Suite struct AppTests {
    @Test func hostCheckReportsEveryPartAndPort() {
        let findings = HostCheck().run()
        let names = findings.map(\.name)
        for part in ["lvm", "device-mapper", "configfs / LIO", "tgtd", "tgtadm", "ipxe undionly.kpxe"] {
            #expect(names.contains(part), "missing \(part)")
        }
        for port in [8050, 69, 67, 4011, 9090, 3260] {
            #expect(names.contains { $0.hasPrefix("port \(port)/") }, "missing port \(port)")
        }
        #expect(findings.allSatisfy { !$0.detail.isEmpty })
    }

    @Test func defaultsMatchTheDocumentation() {
        let config = AppConfig()
        #expect(config.host == "0.0.0.0")
        #expect(config.port == 8050)
        #expect(config.dataDir == (getuid() == 0 ? "/var/lib/disklessd" : "./data"))
        #expect(config.databasePath.hasSuffix("/disklessd.sqlite"))
    }
}

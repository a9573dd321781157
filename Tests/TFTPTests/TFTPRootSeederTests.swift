import Foundation
import Testing
@testable import TFTP

@Suite struct TFTPRootSeederTests {
    @Test func missingLoadersAreCopiedAndExistingOnesKept() throws {
        let source = TemporaryTree(), dest = TemporaryTree()
        try source.write("undionly.kpxe", bytes: [1, 2])
        try source.write("ipxe.efi", bytes: [3])
        try dest.write("tftp/ipxe.efi", bytes: [9])  // the operator's own build
        let seeder = TFTPRootSeeder(files: [(source.path + "/undionly.kpxe", "undionly.kpxe"),
                                            (source.path + "/ipxe.efi", "ipxe.efi"),
                                            (source.path + "/absent", "absent")])
        #expect(try seeder.seed(root: dest.path + "/tftp") == ["undionly.kpxe"])
        #expect(dest.contents("tftp/undionly.kpxe") == [1, 2])
        #expect(dest.contents("tftp/ipxe.efi") == [9])
        #expect(try seeder.seed(root: dest.path + "/tftp") == [])
    }

    @Test func aSymlinkedSourceIsCopiedAsARegularFileTheServerWillServe() throws {
        let source = TemporaryTree(), dest = TemporaryTree()
        try source.write("real/ipxe.efi", bytes: [7, 7])
        try source.symlink("ipxe.efi", to: source.path + "/real/ipxe.efi")
        #expect(try TFTPRootSeeder(files: [(source.path + "/ipxe.efi", "ipxe.efi")]).seed(root: dest.path) == ["ipxe.efi"])
        let attributes = try FileManager.default.attributesOfItem(atPath: dest.path + "/ipxe.efi")
        #expect(attributes[.type] as? FileAttributeType == .typeRegular)
        #expect(try TFTPRoot(path: dest.path).openFile("ipxe.efi").size == 2)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/lib/ipxe/undionly.kpxe"), "Debian's ipxe package is not installed"))
    func debianIPXELoadersSeedAFreshRoot() throws {
        let dest = TemporaryTree()
        #expect(try TFTPRootSeeder().seed(root: dest.path + "/tftp").contains("undionly.kpxe"))
        #expect(try TFTPRoot(path: dest.path + "/tftp").openFile("undionly.kpxe").size > 0)
        if FileManager.default.fileExists(atPath: "/usr/lib/ipxe/ipxe.efi") {
            #expect(try TFTPRoot(path: dest.path + "/tftp").openFile("ipxe.efi").size > 0)
        }
    }
}

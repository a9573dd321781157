import BootHTTP
import Foundation
import Testing

/// Real files and symlinks in a temporary directory.
@Suite struct AssetPathTests {
    @Test func pathsStayInsideTheRoot() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("assetpath-\(UUID().uuidString)")
        let root = tmp.appendingPathComponent("root")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("winpe"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        try Data("x".utf8).write(to: root.appendingPathComponent("winpe/boot.wim"))
        try Data("secret".utf8).write(to: tmp.appendingPathComponent("outside"))
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("escape").path,
                                                   withDestinationPath: tmp.appendingPathComponent("outside").path)
        try FileManager.default.createSymbolicLink(atPath: root.appendingPathComponent("inside").path,
                                                   withDestinationPath: "winpe/boot.wim")
        let assets = try #require(AssetPath(root: root.path))
        #expect(assets.resolve("winpe/boot.wim")?.hasSuffix("/root/winpe/boot.wim") == true)
        #expect(assets.resolve("inside")?.hasSuffix("/root/winpe/boot.wim") == true)
        #expect(assets.resolve("") == assets.root)
        #expect(assets.resolve("winpe/") != nil)
        for bad in ["../outside", "winpe/../../outside", "escape", "/etc/passwd", "winpe//boot.wim", ".hidden",
                    "winpe/./boot.wim", "winpe\\boot.wim", "missing", "a\0b"] {
            #expect(assets.resolve(bad) == nil, "\(bad) must not resolve")
        }
    }

    @Test func missingRootResolvesNothing() {
        #expect(AssetPath(root: "/nonexistent-\(UUID().uuidString)") == nil)
    }
}

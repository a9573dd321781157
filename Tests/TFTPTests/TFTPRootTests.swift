import Foundation
import NIOCore
import Testing
@testable import TFTP

/// Root confinement against a real directory tree with real symlinks.
@Suite struct TFTPRootTests {
    let tree = TemporaryTree()

    init() throws {
        try tree.write("undionly.kpxe", bytes: [1, 2, 3])
        try tree.write("efi/ipxe.efi", bytes: [4])
        try tree.symlink("efi/link.efi", to: "../undionly.kpxe")    // inside: allowed
        try tree.symlink("escape", to: "/etc/passwd")               // outside: refused
        try tree.symlink("dangling", to: "nowhere")
    }

    @Test func plainAndNestedFilesResolveInsideTheRoot() throws {
        let root = try TFTPRoot(path: tree.path)
        #expect(try root.resolve("undionly.kpxe") == root.resolvedPath + "/undionly.kpxe")
        #expect(try root.resolve("efi/ipxe.efi") == root.resolvedPath + "/efi/ipxe.efi")
        #expect(try root.resolve("efi\\ipxe.efi") == root.resolvedPath + "/efi/ipxe.efi")
        #expect(try root.resolve("efi/link.efi") == root.resolvedPath + "/undionly.kpxe")
    }

    @Test(arguments: ["../etc/passwd", "efi/../../etc/passwd", "..", "/etc/passwd", "/undionly.kpxe",
                      "", "a//b", "./undionly.kpxe", "bad\nname", "..\\etc\\passwd"])
    func namesThatAreNotPlainRelativePathsAreRefused(name: String) throws {
        let root = try TFTPRoot(path: tree.path)
        #expect(throws: TFTPError.invalidFileName(name)) { try root.resolve(name) }
        #expect(TFTPError.invalidFileName(name).packet == .error(code: .accessViolation, message: "access violation"))
    }

    @Test func aSymlinkPointingOutsideIsRefused() throws {
        let root = try TFTPRoot(path: tree.path)
        #expect(throws: TFTPError.outsideRoot("escape")) { try root.resolve("escape") }
    }

    @Test func missingFilesAndDanglingLinksAreNotFound() throws {
        let root = try TFTPRoot(path: tree.path)
        #expect(throws: TFTPError.fileNotFound("missing.efi")) { try root.resolve("missing.efi") }
        #expect(throws: TFTPError.fileNotFound("dangling")) { try root.openFile("dangling") }
    }

    @Test func aDirectoryIsNotServed() throws {
        let root = try TFTPRoot(path: tree.path)
        #expect(throws: TFTPError.notReadable("efi")) { try root.openFile("efi") }
    }

    @Test func openedFilesReadInRanges() throws {
        let root = try TFTPRoot(path: tree.path)
        let reader = try root.openFile("undionly.kpxe")
        #expect(reader.size == 3)
        var buffer = try reader.read(offset: 1, length: 10, allocator: .init())
        #expect(buffer.readBytes(length: buffer.readableBytes) == [2, 3])
        reader.close()
        #expect(throws: TFTPError.io("tftp file is closed")) { try reader.read(offset: 0, length: 1, allocator: .init()) }
    }

    @Test func aMissingRootIsRejected() {
        #expect(throws: TFTPError.invalidRoot(tree.path + "/nope")) { try TFTPRoot(path: tree.path + "/nope") }
    }
}

import Domain
import Foundation
import Services
import Testing

/// Boot files in the TFTP root: what `settings/boot-files` and `disklessd check` report, and the
/// 422 for an admin-supplied file that is not its platform's image (issue 19). Real files: Debian's
/// iPXE builds from the `ipxe` package, and hand-made headers for the cases it does not ship.
@Suite struct BootFileTests {
    static let debianEFI = "/usr/lib/ipxe/ipxe.efi"
    static let debianKPXE = "/usr/lib/ipxe/undionly.kpxe"
    static var haveDebianIPXE: Bool { FileManager.default.fileExists(atPath: debianEFI) && FileManager.default.fileExists(atPath: debianKPXE) }

    static func tempRoot() throws -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("disklessd-windows-tftp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func copy(_ source: String, to root: String, as name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: source).resolvingSymlinksInPath())
        try data.write(to: URL(fileURLWithPath: (root as NSString).appendingPathComponent(name)))
    }

    /// A minimal PE32+ EFI application header; with `signed`, a 16-byte WIN_CERTIFICATE of type 2
    /// at 0x200 named by the security data directory.
    static func peImage(subsystem: UInt16 = 10, signed: Bool) -> [UInt8] {
        var b = [UInt8](repeating: 0, count: 0x210)
        func put16(_ o: Int, _ v: UInt16) { b[o] = UInt8(v & 0xFF); b[o + 1] = UInt8(v >> 8) }
        func put32(_ o: Int, _ v: UInt32) { for i in 0..<4 { b[o + i] = UInt8((v >> (8 * UInt32(i))) & 0xFF) } }
        b[0] = 0x4D; b[1] = 0x5A
        put32(0x3C, 0x40)
        put32(0x40, 0x0000_4550)
        put16(0x44, 0x8664)
        let opt = 0x40 + 24
        put16(opt, 0x20B)
        put16(opt + 68, subsystem)
        put32(opt + 108, 16)
        if signed {
            put32(opt + 112 + 32, 0x200)
            put32(opt + 112 + 36, 16)
            put32(0x200, 16); put16(0x204, 0x0200); put16(0x206, 0x0002)
        }
        return b
    }

    @Test(.enabled(if: haveDebianIPXE, "needs Debian's ipxe package"))
    func debianBuildsAreRecognisedWithTheirVersion() throws {
        let root = try Self.tempRoot()
        try Self.copy(Self.debianEFI, to: root, as: "ipxe.efi")
        try Self.copy(Self.debianKPXE, to: root, as: "undionly.kpxe")
        let inspector = BootFileInspector()
        let packaged = try #require(inspector.packageVersion())
        let report = inspector.reportBlocking({ var s = Settings(); s.tftp.root = root; return s }(), dataDir: "/nonexistent")
        let uefi = try #require(report.files.first { $0.platform == "uefi" })
        #expect(uefi.usable && uefi.present)
        #expect(uefi.type == "PE32+ EFI application (x86-64)")
        #expect(uefi.ipxeVersion == packaged, "the version string Debian builds into ipxe.efi")
        #expect(uefi.ipxeBuild == "ipxe.efi")
        #expect(uefi.signed == false, "Debian's ipxe.efi is not signed")
        let bios = try #require(report.files.first { $0.platform == "bios" })
        #expect(bios.usable && bios.type == "PXE boot program (x86 real mode)")
        // Compressed: no version string inside, but a byte-identical copy of the packaged file.
        #expect(bios.ipxeVersion == packaged)
        #expect(bios.versionSource?.contains(Self.debianKPXE) == true)
        #expect(bios.signed == nil)
    }

    @Test func signaturesAndWrongImagesAreToldApart() throws {
        let signed = BootImageFormat.identify(Self.peImage(signed: true), fileSize: 0x210)
        #expect(signed.kind == .efiApplication && signed.signed == true && signed.signatureBytes == 16)
        let unsigned = BootImageFormat.identify(Self.peImage(signed: false), fileSize: 0x210)
        #expect(unsigned.kind == .efiApplication && unsigned.signed == false)
        let driver = BootImageFormat.identify(Self.peImage(subsystem: 11, signed: false), fileSize: 0x210)
        #expect(driver.kind == .other && driver.description.contains("EFI boot-service driver"))
        #expect(BootImageFormat.identify(Array("#!ipxe\nchain http://x/\n".utf8), fileSize: 23).kind == .other)
        #expect(BootImageFormat.identify([0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0], fileSize: 8).description.hasPrefix("an ELF file"))
        #expect(BootImageFormat.identify([], fileSize: 0).description == "an empty file")
        // An EFI application is not a BIOS PXE program, and the other way round.
        let root = try Self.tempRoot()
        try Data(Self.peImage(signed: true)).write(to: URL(fileURLWithPath: root + "/signed.efi"))
        let asBIOS = BootFileInspector().inspect(platform: "bios", setting: "tftp.biosBootFile", file: "signed.efi", root: root)
        #expect(!asBIOS.usable && asBIOS.problem == "signed.efi is not a PXE boot program: found PE32+ EFI application (x86-64), 528 bytes")
    }

    @Test func versionStringIsFoundBetweenBuildNameAndNULs() {
        let bytes: [UInt8] = [0x41, 0] + Array("snponly.efi".utf8) + [0] + Array("iPXE".utf8) + [0, 0, 0]
            + Array("1.21.1+ (g4bd064de)".utf8) + [0, 7]
        #expect(IPXEVersionString.find(in: bytes) == IPXEVersionString(version: "1.21.1+ (g4bd064de)", buildName: "snponly.efi"))
        #expect(IPXEVersionString.find(in: Array("iPXE\0not a version\0".utf8)) == nil)
    }

    @Test func anAdminSuppliedFileThatIsNotAnImageIsRefusedNamingWhatWasFound() async throws {
        let s = try ServiceContainer.temporary()
        let root = try Self.tempRoot()
        try Data([0x7F, 0x45, 0x4C, 0x46] + [UInt8](repeating: 1, count: 996)).write(to: URL(fileURLWithPath: root + "/ipxe-signed.efi"))
        try Data(Self.peImage(signed: true)).write(to: URL(fileURLWithPath: root + "/shim-ipxe.efi"))
        var d = try await s.settings.get()
        d.tftp.root = root
        d.tftp.uefiBootFile = "ipxe-signed.efi"
        d.tftp.biosBootFile = "custom.kpxe"           // not there, and not a file `serve` seeds
        let e = await thrownError { _ = try await s.settings.update(d, by: admin) }
        guard case .validation(let v)? = e else { Issue.record("expected 422, got \(String(describing: e))"); return }
        #expect(v.errors.map(\.field).sorted() == ["tftp.biosBootFile", "tftp.uefiBootFile"])
        let uefi = try #require(v.errors.first { $0.field == "tftp.uefiBootFile" })
        #expect(uefi.message == "ipxe-signed.efi is not an EFI application (PE/COFF, subsystem 10): found an ELF file (a Linux program or kernel module, not a boot program), 1000 bytes")
        #expect(v.errors.first { $0.field == "tftp.biosBootFile" }?.message.contains("not in the TFTP root") == true)
        #expect(try await s.settings.get().revision == 1, "nothing stored")

        // A real EFI application and the seeded BIOS name (missing until `serve` seeds it) are accepted.
        d.tftp.uefiBootFile = "shim-ipxe.efi"
        d.tftp.biosBootFile = "undionly.kpxe"
        let saved = try await s.settings.update(d, by: admin)
        #expect(saved.tftp.uefiBootFile == "shim-ipxe.efi")
        let report = try await s.settings.bootFiles()
        #expect(report.root == root)
        #expect(report.files.first { $0.platform == "uefi" }?.signed == true)
        #expect(report.files.first { $0.platform == "bios" }?.present == false)
    }
}

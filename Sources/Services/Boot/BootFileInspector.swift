import Domain
import Foundation

/// Reads the boot files in the TFTP root and says what they are: type, size, iPXE version,
/// signature. Only reads; blocking file reads run on a thread of their own (`report`).
public struct BootFileInspector: Sendable {
    /// Debian's `ipxe` package: a compressed BIOS image carries no readable version, but a copy
    /// of a packaged file is known by its bytes and the package's version.
    public var packageDirectory: String
    public var dpkgStatus: String
    /// The names `serve` copies into an empty TFTP root from Debian's ipxe package (TFTPRootSeeder).
    public static let seededNames: Set<String> = ["undionly.kpxe", "ipxe.efi"]
    /// Files up to this size are read whole (the version string may be anywhere in them).
    static let maxReadBytes = 32 << 20

    public init(packageDirectory: String = "/usr/lib/ipxe", dpkgStatus: String = "/var/lib/dpkg/status") {
        self.packageDirectory = packageDirectory
        self.dpkgStatus = dpkgStatus
    }

    /// settings.tftp.root, or `<dataDir>/tftp` (what `serve` seeds and serves).
    public static func tftpRoot(_ settings: Settings, dataDir: String) -> String {
        settings.tftp.root.isEmpty ? (dataDir as NSString).appendingPathComponent("tftp") : settings.tftp.root
    }

    /// The files the DHCP answers name: BIOS (dhcp.bootFilename when set, else tftp.biosBootFile) and UEFI.
    public static func namedFiles(_ settings: Settings) -> [(platform: String, setting: String, file: String)] {
        let bios = settings.dhcp.bootFilename.isEmpty ? ("tftp.biosBootFile", settings.tftp.biosBootFile)
                                                      : ("dhcp.bootFilename", settings.dhcp.bootFilename)
        return [("bios", bios.0, bios.1), ("uefi", "tftp.uefiBootFile", settings.tftp.uefiBootFile)]
    }

    /// Both platforms' reports, read on a detached thread.
    public func report(_ settings: Settings, dataDir: String) async -> BootFilesReport {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: self.reportBlocking(settings, dataDir: dataDir)) }
        }
    }

    /// Both platforms' reports; blocks while it reads.
    public func reportBlocking(_ settings: Settings, dataDir: String) -> BootFilesReport {
        let root = Self.tftpRoot(settings, dataDir: dataDir)
        return BootFilesReport(root: root, files: Self.namedFiles(settings).map {
            inspect(platform: $0.platform, setting: $0.setting, file: $0.file, root: root)
        })
    }

    /// One file. Never throws: what cannot be read is reported as the problem.
    public func inspect(platform: String, setting: String, file: String, root: String) -> BootFileReport {
        let path = (root as NSString).appendingPathComponent(file)
        var r = BootFileReport(platform: platform, setting: setting, file: file, path: path, present: false, usable: false)
        let resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
        let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory) else {
            r.problem = "\(file) is not in the TFTP root \(root)"
            return r
        }
        guard resolved.hasPrefix(resolvedRoot.hasSuffix("/") ? resolvedRoot : resolvedRoot + "/") else {
            r.problem = "\(file) leads out of the TFTP root \(root) (a symbolic link): the TFTP server refuses it"
            return r
        }
        r.present = true
        guard !isDirectory.boolValue else {
            r.type = "a directory"
            r.problem = "\(file) is a directory, not a boot program"
            return r
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? NSNumber)?.intValue ?? 0
        r.sizeBytes = Int64(size)
        guard let handle = FileHandle(forReadingAtPath: resolved) else {
            r.problem = "\(file) cannot be read (permissions)"
            return r
        }
        defer { try? handle.close() }
        let bytes = [UInt8]((try? handle.read(upToCount: min(size, Self.maxReadBytes))) ?? Data())
        let format = BootImageFormat.identify(bytes, fileSize: size)
        r.type = format.description
        let wanted: BootImageFormat.Kind = platform == "uefi" ? .efiApplication : .pxeProgram
        r.usable = format.kind == wanted
        if !r.usable {
            let want = platform == "uefi" ? "an EFI application (PE/COFF, subsystem 10)" : "a PXE boot program"
            r.problem = "\(file) is not \(want): found \(format.description), \(size) bytes"
        }
        if platform == "uefi" {
            r.signed = format.signed ?? false
            r.signatureBytes = format.signatureBytes
        }
        if let found = IPXEVersionString.find(in: bytes) {
            r.ipxeVersion = found.version
            r.ipxeBuild = found.buildName
            r.versionSource = "version string in the image"
        } else if let packaged = packagedCopy(bytes) {
            r.ipxeVersion = packaged.version
            r.ipxeBuild = (packaged.path as NSString).lastPathComponent
            r.versionSource = "identical to \(packaged.path) of Debian's ipxe package \(packaged.version)"
        } else if r.usable {
            r.versionSource = "no readable version string (a compressed image, or not iPXE)"
        }
        return r
    }

    /// The packaged file with exactly these bytes, and the package version.
    func packagedCopy(_ bytes: [UInt8]) -> (path: String, version: String)? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: packageDirectory) else { return nil }
        for name in names.sorted() {
            let path = (packageDirectory as NSString).appendingPathComponent(name)
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard let size = (try? FileManager.default.attributesOfItem(atPath: real)[.size] as? NSNumber)?.intValue,
                  size == bytes.count, let data = FileManager.default.contents(atPath: real), [UInt8](data) == bytes else { continue }
            return (path, packageVersion() ?? "(version unknown)")
        }
        return nil
    }

    /// `Version:` of the `ipxe` stanza in dpkg's status file: what a byte-identical copy reports.
    public func packageVersion() -> String? {
        guard let text = try? String(contentsOfFile: dpkgStatus, encoding: .utf8) else { return nil }
        for stanza in text.components(separatedBy: "\n\n") where stanza.hasPrefix("Package: ipxe\n") {
            for line in stanza.split(separator: "\n") where line.hasPrefix("Version: ") {
                return String(line.dropFirst("Version: ".count))
            }
        }
        return nil
    }
}

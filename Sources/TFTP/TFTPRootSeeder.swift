import Foundation

/// Prepares the TFTP root at start-up: creates it and copies the iPXE loaders from Debian's `ipxe`
/// package into it when they are missing, so a fresh install can boot BIOS and UEFI clients.
public struct TFTPRootSeeder: Sendable {
    /// Source file → name in the root.
    public var files: [(source: String, name: String)]

    /// Debian's `ipxe` package: `undionly.kpxe` (BIOS, chain-loads through the NIC's UNDI) and
    /// `ipxe.efi` (x86-64 UEFI).
    public static let debianIPXE: [(source: String, name: String)] = [
        ("/usr/lib/ipxe/undionly.kpxe", "undionly.kpxe"),
        ("/usr/lib/ipxe/ipxe.efi", "ipxe.efi"),
    ]

    public init(files: [(source: String, name: String)] = TFTPRootSeeder.debianIPXE) {
        self.files = files
    }

    /// Creates `root` and copies every missing file. Files already there (the operator's own
    /// builds) are left alone. Returns the names copied; a missing source is skipped, not fatal.
    @discardableResult
    public func seed(root: String) throws(TFTPError) -> [String] {
        let manager = FileManager.default
        do {
            try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
        } catch {
            throw .invalidRoot(root)
        }
        var copied: [String] = []
        for (source, name) in files {
            let target = root + "/" + name
            guard !manager.fileExists(atPath: target), manager.isReadableFile(atPath: source) else { continue }
            // Read the contents (Debian's ipxe.efi is a symlink to /boot/ipxe.efi: copying the link
            // would leave one pointing out of the root, which the server rightly refuses), write
            // them to a temporary name and rename, so a crash never leaves half a loader behind.
            let temporary = root + "/." + name + ".tmp-\(getpid())"
            do {
                let contents = try Data(contentsOf: URL(fileURLWithPath: source).resolvingSymlinksInPath())
                try contents.write(to: URL(fileURLWithPath: temporary))
                guard rename(temporary, target) == 0 else { throw TFTPError.io("rename failed") }
                copied.append(name)
            } catch {
                try? manager.removeItem(atPath: temporary)
                throw .io("cannot copy \(source.debugDescription) to \(target.debugDescription): \(error)")
            }
        }
        return copied
    }
}

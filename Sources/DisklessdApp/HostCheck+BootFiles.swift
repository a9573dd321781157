import Services

extension HostCheck {
    /// One line per platform: the boot file the DHCP answers name, what it is, its iPXE version
    /// and (UEFI) whether it carries a Secure Boot signature.
    public static func bootFileFindings(_ report: BootFilesReport) -> [Finding] {
        report.files.map { f in
            let name = "boot file \(f.platform) (\(f.setting))"
            guard f.present, f.usable else {
                return Finding(name: name, ok: false, detail: f.problem ?? "\(f.path): unusable")
            }
            var parts = ["\(f.path): \(f.type ?? "?"), \(f.sizeBytes ?? 0) bytes"]
            if let version = f.ipxeVersion {
                parts.append("iPXE \(version)" + (f.versionSource.map { " (\($0))" } ?? ""))
            } else {
                parts.append("iPXE version unknown" + (f.versionSource.map { " (\($0))" } ?? ""))
            }
            if f.platform == "uefi" {
                parts.append(f.signed == true
                    ? "signed (Authenticode, \(f.signatureBytes ?? 0) bytes; trusted only if the PC's Secure Boot db knows the signer)"
                    : "unsigned: PCs with Secure Boot on will not start it")
            }
            return Finding(name: name, ok: true, detail: parts.joined(separator: "; "))
        }
    }
}

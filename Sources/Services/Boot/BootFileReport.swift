import Domain

/// What one boot file the DHCP answers name is: the iPXE build a platform's PCs start.
public struct BootFileReport: Codable, Sendable, Hashable {
    /// `bios` or `uefi`.
    public var platform: String
    /// The settings field that names the file (`tftp.biosBootFile`, `dhcp.bootFilename`, `tftp.uefiBootFile`).
    public var setting: String
    public var file: String
    /// Where it is looked for: the TFTP root + `file`.
    public var path: String
    public var present: Bool
    public var sizeBytes: Int64?
    /// What the bytes are (`PE32+ EFI application (x86-64)`, `PXE boot program (x86 real mode)`, `an ELF file …`).
    public var type: String?
    /// True when the type fits the platform (EFI application for uefi, PXE program for bios).
    public var usable: Bool
    /// The iPXE version, from the version string in the image or from the Debian package it is a copy of.
    public var ipxeVersion: String?
    public var ipxeBuild: String?
    /// How the version was found, or why it is unknown.
    public var versionSource: String?
    /// uefi: whether the image carries an Authenticode signature (not verified here; Secure Boot
    /// firmware starts it only when its db trusts the signer). nil for bios.
    public var signed: Bool?
    public var signatureBytes: Int?
    /// Why the file cannot serve its platform, nil when it can.
    public var problem: String?
}

/// The TFTP root and the boot file of each platform.
public struct BootFilesReport: Codable, Sendable, Hashable {
    public var root: String
    public var files: [BootFileReport]
}

extension Schema {
    /// What an iscsi item's OS disk holds, and whether its script clears the iPXE gateway before
    /// the SAN commands. The café's iscsi items are Windows: existing ones become `windows` with
    /// the gateway cleared, the default a new iscsi item gets too (docs/images.md says why).
    static let v4BootItemOSFamily = """
    ALTER TABLE boot_items ADD COLUMN osFamily TEXT CHECK (osFamily IN ('windows', 'linux', 'other'));
    ALTER TABLE boot_items ADD COLUMN clearGateway BOOLEAN NOT NULL DEFAULT 0;
    UPDATE boot_items SET osFamily = 'windows', clearGateway = 1 WHERE kind = 'iscsi';
    """
}

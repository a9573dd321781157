extension Schema {
    /// Whether an image's working copy was written since its last commit or discard (upload,
    /// import, a super workstation): the console offers Commit then. Existing images start clean;
    /// one without versions can be committed anyway.
    static let v5ImageWorkingChanged = """
    ALTER TABLE images ADD COLUMN workingChanged BOOLEAN NOT NULL DEFAULT 0;
    """
}

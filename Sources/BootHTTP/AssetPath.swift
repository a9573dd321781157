import Foundation

/// Turns a request path under `/assets/` into a file inside the served root, or nil. The root is
/// never left: `.`/`..` components, empty components, dot files, NUL and backslashes are refused
/// before the file system is touched, and the real path (symlinks resolved) must still lie inside
/// the root's real path, so a symlink that points out of the root is a 404 like a missing file.
public struct AssetPath: Sendable {
    /// The root's real path (symlinks resolved), without a trailing slash.
    public let root: String

    /// - Returns: nil when `root` does not exist.
    public init?(root: String) {
        guard let real = Self.realPath(root) else { return nil }
        self.root = real
    }

    /// The real path of the file `relative` (already percent-decoded) names, when it is inside the
    /// root; `""` names the root itself.
    public func resolve(_ relative: String) -> String? {
        guard relative.utf8.count <= 4096, !relative.contains("\0"), !relative.contains("\\") else { return nil }
        var parts = relative.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if parts.last == "" { parts.removeLast() }  // a trailing slash names a directory
        if parts == [""] { parts = [] }
        for p in parts where p.isEmpty || p.hasPrefix(".") {
            return nil  // "", ".", "..", dot files
        }
        let candidate = parts.isEmpty ? root : root + "/" + parts.joined(separator: "/")
        guard let real = Self.realPath(candidate) else { return nil }
        guard real == root || real.hasPrefix(root == "/" ? "/" : root + "/") else { return nil }
        return real
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

import Glibc

/// The directory a TFTP server serves, and the only place its files may come from.
///
/// A requested name must be relative (a leading `/` is refused, not stripped: boot file names are
/// ours to choose, so an absolute name is a probe), must not contain `..`, empty components or
/// control characters, and must resolve (after symlinks, via `realpath`) to a regular file under
/// the root. Windows-style `\` separators, which some PXE loaders send, are read as `/`.
public struct TFTPRoot: Sendable {
    /// The root as given, and as resolved by `realpath` (all symlinks gone).
    public let path: String
    public let resolvedPath: String

    /// - Throws: `TFTPError.invalidRoot` when the directory does not exist.
    public init(path: String) throws(TFTPError) {
        guard let resolved = Self.realPath(path), Self.isDirectory(resolved) else { throw .invalidRoot(path) }
        self.path = path
        self.resolvedPath = resolved
    }

    /// Checks a requested name and resolves it to an absolute path of a regular file in the root.
    public func resolve(_ name: String) throws(TFTPError) -> String {
        let relative = try Self.checkedRelativePath(name)
        let candidate = resolvedPath + "/" + relative
        guard let resolved = Self.realPath(candidate) else {
            // realpath fails for missing files and for dangling symlinks alike: both are "not found".
            throw .fileNotFound(name)
        }
        // The prefix check on the resolved path is what stops a symlink escape.
        let prefix = resolvedPath.hasSuffix("/") ? resolvedPath : resolvedPath + "/"
        guard resolved.hasPrefix(prefix) else { throw .outsideRoot(name) }
        return resolved
    }

    /// Opens a requested file for reading; returns the reader and its size.
    public func openFile(_ name: String) throws(TFTPError) -> TFTPFileReader {
        let path = try resolve(name)
        // O_NOFOLLOW: the path is already resolved, so a symlink here was swapped in after the check.
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else {
            throw errno == ENOENT ? .fileNotFound(name) : .notReadable(name)
        }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw .notReadable(name)
        }
        return TFTPFileReader(descriptor: fd, size: UInt64(info.st_size))
    }

    /// Normalises separators and rejects every name that is not a plain relative path.
    static func checkedRelativePath(_ name: String) throws(TFTPError) -> String {
        let normalised = name.replacingBackslashes()
        guard !normalised.isEmpty, normalised.utf8.count <= 1024,
              !normalised.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }),
              !normalised.hasPrefix("/") else { throw .invalidFileName(name) }
        let components = normalised.split(separator: "/", omittingEmptySubsequences: false)
        guard components.allSatisfy({ !$0.isEmpty && $0 != ".." && $0 != "." }) else { throw .invalidFileName(name) }
        return normalised
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = Glibc.realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}

extension String {
    fileprivate func replacingBackslashes() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0 == "\\" ? "/" : $0 }))
    }
}

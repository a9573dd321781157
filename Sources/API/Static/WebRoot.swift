import Foundation

/// The console's files on disk. Resolves a URL path to a regular file inside the root, or nil:
/// `..`, `.` components, NUL, backslashes, hidden files and symlinks that lead out of the root
/// never resolve.
public struct WebRoot: Sendable {
    /// The root, with symlinks resolved, so containment can be checked on resolved paths.
    public let directory: String

    public init(directory: String) {
        self.directory = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
    }

    /// The file a URL path names (`/` and directories → their `index.html`).
    public func file(forURLPath urlPath: String) -> String? {
        guard let decoded = urlPath.removingPercentEncoding else { return nil }
        let parts = decoded.split(separator: "/", omittingEmptySubsequences: true)
        for part in parts {
            guard !part.hasPrefix("."), !part.contains("\0"), !part.contains("\\") else { return nil }
        }
        var candidate = ([directory] + parts.map(String.init)).joined(separator: "/")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { candidate += "/index.html" }
        // Symlinks are allowed only when they stay inside the root.
        let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
        guard resolved.hasPrefix(directory + "/") else { return nil }
        guard FileManager.default.fileExists(atPath: resolved, isDirectory: &isDirectory), !isDirectory.boolValue else {
            return nil
        }
        return resolved
    }

    /// The Content-Type for a file name.
    public static func contentType(for path: String) -> String {
        let ext = (path as NSString).pathExtension.lowercased()
        return contentTypes[ext] ?? "application/octet-stream"
    }

    static let contentTypes: [String: String] = [
        "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
        "css": "text/css; charset=utf-8", "json": "application/json; charset=utf-8",
        "map": "application/json; charset=utf-8", "txt": "text/plain; charset=utf-8",
        "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "gif": "image/gif", "ico": "image/x-icon", "webp": "image/webp",
        "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf",
        "webmanifest": "application/manifest+json", "yaml": "application/yaml",
    ]
}

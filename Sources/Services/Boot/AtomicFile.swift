import Foundation

/// Writes files so readers see the old or the new content, never a half-written file: a temporary
/// file in the same directory, flushed, then renamed over the target.
enum AtomicFile {
    /// Writes `text` to `path` unless the file already holds exactly that. Creates parent
    /// directories. - Returns: true when the file changed.
    @discardableResult
    static func write(_ text: String, to path: String, mode: Int = 0o644) throws -> Bool {
        let data = Data(text.utf8)
        if let old = FileManager.default.contents(atPath: path), old == data { return false }
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let temp = dir + "/." + (path as NSString).lastPathComponent + ".tmp-" + UUID().uuidString.prefix(8)
        guard FileManager.default.createFile(atPath: temp, contents: nil, attributes: [.posixPermissions: mode]),
              let handle = FileHandle(forWritingAtPath: temp) else {
            throw ServiceError.unavailable("cannot create \(temp)")
        }
        do {
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            guard rename(temp, path) == 0 else {
                throw ServiceError.unavailable("cannot rename \(temp) to \(path): errno \(errno)")
            }
        } catch {
            try? handle.close()
            unlink(temp)
            throw error
        }
        return true
    }
}

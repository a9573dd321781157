import Foundation

/// A sorted listing of a directory tree: `dir/`, `file = content`, `link -> target` (targets shown
/// relative to the root as `@/...`), for golden comparisons of a configfs stand-in.
func treeListing(_ root: String) -> [String] {
    var lines: [String] = []
    func walk(_ rel: String) {
        let full = rel.isEmpty ? root : root + "/" + rel
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: full)) ?? []).sorted() {
            let r = rel.isEmpty ? name : rel + "/" + name
            let p = root + "/" + r
            if let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: p) {
                lines.append("\(r) -> \(dest.replacingOccurrences(of: root, with: "@"))")
                continue
            }
            var isDir: ObjCBool = false
            FileManager.default.fileExists(atPath: p, isDirectory: &isDir)
            if isDir.boolValue {
                lines.append(r + "/")
                walk(r)
            } else {
                let content = (try? String(contentsOfFile: p, encoding: .utf8)) ?? "?"
                lines.append("\(r) = \(content.replacingOccurrences(of: root, with: "@"))")
            }
        }
    }
    walk("")
    return lines
}

/// A fresh temp directory, removed by the caller.
func makeTempDirectory(_ tag: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("disklessd-\(tag)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

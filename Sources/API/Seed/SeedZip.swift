import Foundation
import Services
import ZIPFoundation

/// The seed files as a zip archive (ZIPFoundation: it reads the deflated archives that `zip`,
/// Windows Explorer and 7-Zip make; see docs/migration.md for the build-cost reasoning).
enum SeedZip {
    /// Reads the seed files out of `data`. Entries are matched by file name in any folder (the
    /// prototype's `db/` included); anything else is ignored. Problems are a 400/422.
    static func read(_ data: Data) throws -> SeedFiles {
        let archive: Archive
        do { archive = try Archive(data: data, accessMode: .read) } catch {
            throw APIError.malformedBody("the body is not a zip archive")
        }
        var out = SeedFiles()
        var seenAt: [String: String] = [:]
        for entry in archive where entry.type == .file {
            let path = entry.path
            var name = String(path.split(separator: "/").last ?? "")
            if name == SeedFiles.config + ".bak" { name = SeedFiles.config }
            guard SeedFiles.names.contains(name) else { continue }
            if let other = seenAt[name] {
                throw ServiceError.invalid(name, "the archive holds \(name) twice (\(other) and \(path))")
            }
            seenAt[name] = path
            guard entry.uncompressedSize <= UInt64(SeedFiles.maximumFileBytes) else {
                throw ServiceError.invalid(name, "\(path) is larger than \(SeedFiles.maximumFileBytes >> 20) MiB")
            }
            var content = Data()
            do {
                // The sizes in the directory can lie: count what is really inflated.
                _ = try archive.extract(entry) { chunk in
                    content.append(chunk)
                    if content.count > SeedFiles.maximumFileBytes { throw Archive.ArchiveError.invalidEntrySize }
                }
            } catch {
                throw ServiceError.invalid(name, "\(path) cannot be read from the archive (\(error))")
            }
            out[name] = content
        }
        guard !out.files.isEmpty else {
            throw ServiceError.invalid("files", "the archive holds none of \(SeedFiles.names.joined(separator: ", "))")
        }
        return out
    }

    /// The files as a zip archive, deflated, in a fixed order.
    static func write(_ files: SeedFiles, modified: Date) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for name in SeedFiles.names.sorted() {
            guard let content = files[name] else { continue }
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(content.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                content.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ServiceError.internal("the zip archive was not built") }
        return data
    }
}

import Domain
import Foundation
import Services

/// Answer of `POST /import/seed`: what was created, plus the image import jobs `?contents=`
/// started.
struct SeedImportView: Encodable, Sendable {
    var files: [String]
    var images: [SeedService.Created]
    var bootItems: [SeedService.Created]
    var machines: [SeedService.Created]
    var settingsChanged: Bool
    var notes: [String]
    var jobs: [Job] = []

    init(_ r: SeedService.ImportResult) {
        (files, images, bootItems, machines, settingsChanged, notes) =
            (r.files, r.images, r.bootItems, r.machines, r.settingsChanged, r.notes)
    }

    /// The disk file names tried for an image, in order: the prototype's LV name as a file, or
    /// with a raw-image extension.
    static func candidates(_ name: String) -> [String] { [name, name + ".img", name + ".raw"] }

    /// Starts one import job per image whose disk file is in `directory`. The records are
    /// committed already, so a file that cannot be imported is a note, not an error.
    mutating func importContents(from directory: String, versions: ImageVersionService, by caller: Caller) async {
        for image in images {
            let paths = Self.candidates(image.name).map { (directory as NSString).appendingPathComponent($0) }
            guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
                notes.append("contents: no disk file for image \(image.name) in \(directory) (tried \(Self.candidates(image.name).joined(separator: ", ")))")
                continue
            }
            do {
                jobs.append(try await versions.importImage(imageID: image.id, path: path, by: caller))
            } catch {
                notes.append("contents: image \(image.name) from \(path): \(error)")
            }
        }
    }
}

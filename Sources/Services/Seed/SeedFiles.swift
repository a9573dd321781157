import Domain
import Foundation

/// The prototype's data files by name: `host.csv`, `os.csv`, `data_disk.csv`, `boot_menu.csv`
/// (its `db/` folder) and `config.json` (its legacy settings). Any may be absent.
public struct SeedFiles: Sendable, Hashable {
    public static let hosts = "host.csv"
    public static let os = "os.csv"
    public static let dataDisks = "data_disk.csv"
    public static let bootMenus = "boot_menu.csv"
    public static let config = "config.json"
    /// Every file the import reads, in the order it reads them.
    public static let names = [os, dataDisks, bootMenus, hosts, config]
    /// Largest file accepted: 4 MiB (10 000 hosts are ~0.6 MiB).
    public static let maximumFileBytes = 4 << 20

    public var files: [String: Data]

    public init(_ files: [String: Data] = [:]) { self.files = files }

    public subscript(name: String) -> Data? {
        get { files[name] }
        set { files[name] = newValue }
    }

    /// Reads the files from the prototype's folder layout: the CSVs in `directory` or in its
    /// `db/` subfolder (the prototype's `./db`), `config.json` in `directory` (or the
    /// `config.json.bak` the prototype renamed it to after moving its settings).
    public static func read(directory: String) throws -> SeedFiles {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw ServiceError.invalid("directory", "\(Validate.shown(directory)) is not a directory")
        }
        let base = URL(fileURLWithPath: directory)
        var out = SeedFiles()
        for name in names {
            let candidates = name == config
                ? [base.appendingPathComponent(name), base.appendingPathComponent(name + ".bak")]
                : [base.appendingPathComponent(name), base.appendingPathComponent("db").appendingPathComponent(name)]
            guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { continue }
            let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
            guard size <= maximumFileBytes else {
                throw ServiceError.invalid(name, "\(url.path) is larger than \(maximumFileBytes >> 20) MiB")
            }
            out[name] = try Data(contentsOf: url)
        }
        guard !out.files.isEmpty else {
            throw ServiceError.invalid("directory", "\(Validate.shown(directory)) holds none of \(names.joined(separator: ", ")) (nor a db/ folder with them)")
        }
        return out
    }

    /// Writes every file into `directory` (created when missing), each atomically.
    public func write(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            try data.write(to: URL(fileURLWithPath: directory).appendingPathComponent(name), options: .atomic)
        }
    }

    /// The file as UTF-8 text, or a field error on the file (a GBK export from Excel, say).
    func text(_ name: String, errors: inout FieldErrorsBox) -> String? {
        guard let data = files[name] else { return nil }
        guard let text = String(validating: data, as: UTF8.self) else {
            errors.add(name, "not UTF-8 text: save the file as CSV UTF-8")
            return nil
        }
        return text
    }
}

import Domain

/// The prototype's four CSV files (its `db/` folder, written by pandas `to_csv(index=False)`),
/// rendered from disklessd's records so a café can go back, and so `import-seed` of an export
/// recreates the same records:
///
/// ```
/// host.csv       host_name,ip,mac,default_menu,super_tube      (super_tube True/False)
/// os.csv         name,description,capacity                     (capacity in GiB)
/// data_disk.csv  name,description,capacity
/// boot_menu.csv  name,operation_system,data_disk               (data_disk "a,b", quoted)
/// ```
///
/// Only iSCSI boot items have a row in `boot_menu.csv` (the prototype had no other kind); a
/// machine whose default item is another kind gets an empty `default_menu`.
public enum SeedTables {
    public static let hostColumns = ["host_name", "ip", "mac", "default_menu", "super_tube"]
    public static let imageColumns = ["name", "description", "capacity"]
    public static let bootMenuColumns = ["name", "operation_system", "data_disk"]

    /// File name → CSV text, for the four files.
    public static func files(machines: [Machine], images: [Image], bootItems: [BootItem]) -> [String: String] {
        let imageNames = Dictionary(images.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let exported = bootItems.filter { $0.kind == .iscsi && $0.osImage.flatMap { imageNames[$0] } != nil }
        let menuNames = Dictionary(exported.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        return [
            "host.csv": table(hostColumns, machines.map { m in
                [m.name, m.ip?.description ?? "", m.mac.description.uppercased(),
                 m.defaultBootItem.flatMap { menuNames[$0] } ?? "", m.superWorkstation ? "True" : "False"]
            }),
            "os.csv": table(imageColumns, images.filter { $0.kind == .os }.map(imageRow)),
            "data_disk.csv": table(imageColumns, images.filter { $0.kind == .data }.map(imageRow)),
            "boot_menu.csv": table(bootMenuColumns, exported.map { b in
                [b.name, b.osImage.flatMap { imageNames[$0] } ?? "",
                 b.dataImages.compactMap { imageNames[$0] }.joined(separator: ",")]
            }),
        ]
    }

    static func imageRow(_ image: Image) -> [String] {
        [image.name, image.description, capacity(image.sizeBytes)]
    }

    /// Size in GiB as the prototype wrote it (`30`); sizes that are not whole GiB keep every MiB
    /// (`0.0625` = 64 MiB): n/1024 always has a finite decimal expansion of at most 10 digits.
    public static func capacity(_ bytes: Int64) -> String {
        let mib = bytes / Image.mebibyte
        if mib % 1024 == 0 { return "\(mib / 1024)" }
        var fraction = mib % 1024
        var digits = ""
        while fraction != 0 {
            fraction *= 10
            digits.append(Character(String(fraction / 1024)))
            fraction %= 1024
        }
        return "\(mib / 1024).\(digits)"
    }

    /// A CSV file with a header line, CRLF-free (pandas writes `\n`).
    static func table(_ columns: [String], _ rows: [[String]]) -> String {
        ([columns] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: a field holding a comma or a quote is quoted, with quotes doubled.
    static func field(_ s: String) -> String {
        guard s.contains(",") || s.contains("\"") else { return s }
        return "\"" + s.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

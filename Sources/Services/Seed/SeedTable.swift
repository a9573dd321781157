import Domain

/// One of the prototype's CSV files (pandas `to_csv(index=False)`: a header line, then one line
/// per row), read by column name so the columns may come in any order. A UTF-8 BOM (Excel) and
/// CRLF line ends are accepted; a header that is not one of the expected columns, a missing
/// column or a line with the wrong number of fields is a field error naming the file, the line
/// and the column: `host.csv[1].mac` (line 1 is the header).
struct SeedTable {
    struct Row {
        var line: Int
        var values: [String: String]

        subscript(_ column: String) -> String { values[column] ?? "" }
    }

    let file: String
    var rows: [Row] = []

    /// Most rows one file may hold.
    static let maximumRows = 10_000

    /// The field name of `column` on `line`: `host.csv[3].mac`.
    static func field(_ file: String, _ line: Int, _ column: String? = nil) -> String {
        "\(file)[\(line)]" + (column.map { ".\($0)" } ?? "")
    }

    /// Parses `text`; problems go to `errors` and the rows that could be read are returned.
    init(file: String, text: String, columns: [String], errors: inout FieldErrorsBox) {
        self.file = file
        var text = Substring(text)
        if text.first == "\u{FEFF}" { text = text.dropFirst() }
        var lines = CSVLine.parse(String(text))
        guard let header = lines.first, header.number == 1 else {
            errors.add(Self.field(file, 1), "the header line is missing: expected \(columns.joined(separator: ","))")
            return
        }
        lines.removeFirst()
        var index: [String: Int] = [:]
        for (i, name) in header.fields.enumerated() {
            let key = name.lowercased()
            if !columns.contains(key) {
                errors.add(Self.field(file, 1, "column \(i + 1)"),
                           "unknown column \(Validate.shown(name)): expected \(columns.joined(separator: ","))")
            } else if index[key] != nil {
                errors.add(Self.field(file, 1, key), "column \(key) appears twice")
            } else {
                index[key] = i
            }
        }
        let missing = columns.filter { index[$0] == nil }
        for column in missing { errors.add(Self.field(file, 1, column), "column \(column) is missing") }
        guard missing.isEmpty, index.count == header.fields.count else { return }
        guard lines.count <= Self.maximumRows else {
            errors.add(Self.field(file, lines[Self.maximumRows].number), "at most \(Self.maximumRows) rows per file")
            return
        }
        for line in lines {
            guard line.fields.count == header.fields.count else {
                errors.add(Self.field(file, line.number),
                           "expected \(header.fields.count) fields (\(header.fields.joined(separator: ","))), found \(line.fields.count)")
                continue
            }
            var values: [String: String] = [:]
            for (key, i) in index { values[key] = line.fields[i] }
            rows.append(Row(line: line.number, values: values))
        }
    }
}

extension String {
    /// pandas writes a missing value (NaN) as an empty field, and some exports write `nan`.
    var seedValue: String { lowercased() == "nan" ? "" : self }
}

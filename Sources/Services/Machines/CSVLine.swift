/// Splits CSV text into lines of fields (RFC 4180: commas, double-quoted fields with `""` for a
/// quote). Line numbers are 1-based physical lines so errors point where an editor does.
struct CSVLine {
    var number: Int
    var fields: [String]

    /// Every non-blank line of `text`. A quoted field may not span lines (none of the prototype's
    /// columns can hold a newline); an unterminated quote is reported as a field error later.
    static func parse(_ text: String) -> [CSVLine] {
        var out: [CSVLine] = []
        var number = 0
        // "\r\n" is one Character in Swift, so split on every newline kind, not on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            out.append(CSVLine(number: number, fields: split(line)))
        }
        return out
    }

    static func split(_ line: Substring) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(c)
                }
            } else if c == "," {
                fields.append(current.trimmingSpaces())
                current = ""
            } else if c == "\"" && current.trimmingSpaces().isEmpty {
                current = ""
                quoted = true
            } else {
                current.append(c)
            }
        }
        // An unterminated quote keeps its text, with the quote, so validation rejects it visibly.
        fields.append(quoted ? "\"" + current : current.trimmingSpaces())
        return fields
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return String(s)
    }
}

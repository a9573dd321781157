import Foundation

/// A strict reader of the Prometheus text exposition (format 0.0.4), enough to check what
/// `GET /metrics` serves: every sample line is `name{label="value",…} number`, every family has
/// one `# TYPE` line before its samples.
struct PrometheusText {
    struct Sample: Hashable {
        var name: String
        var labels: [String: String]
        var value: Double
    }

    var types: [String: String] = [:]
    var samples: [Sample] = []

    enum ParseError: Error, CustomStringConvertible {
        case badLine(String)
        var description: String { if case .badLine(let l) = self { "not an exposition line: \(l)" } else { "" } }
    }

    init(_ text: String) throws {
        for line in text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) {
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram", "summary", "untyped"].contains(String(parts[3])) else {
                    throw ParseError.badLine(line)
                }
                types[String(parts[2])] = String(parts[3])
            } else if line.hasPrefix("#") {
                continue
            } else {
                samples.append(try Self.sample(line))
            }
        }
        for sample in samples {
            let family = ["_bucket", "_sum", "_count"].reduce(sample.name) { name, suffix in
                name.hasSuffix(suffix) && types[String(name.dropLast(suffix.count))] == "histogram"
                    ? String(name.dropLast(suffix.count)) : name
            }
            guard types[family] != nil else { throw ParseError.badLine("\(sample.name) has no # TYPE line") }
        }
    }

    private static func sample(_ line: String) throws -> Sample {
        let nameEnd = line.firstIndex { $0 == "{" || $0 == " " } ?? line.endIndex
        let name = String(line[..<nameEnd])
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" }) else {
            throw ParseError.badLine(line)
        }
        var labels: [String: String] = [:]
        var rest = line[nameEnd...]
        if rest.first == "{" {
            guard let close = rest.lastIndex(of: "}") else { throw ParseError.badLine(line) }
            let body = rest[rest.index(after: rest.startIndex)..<close]
            // label="value" pairs; values here never hold an escaped quote.
            for pair in body.split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2, kv[1].hasPrefix("\""), kv[1].hasSuffix("\""), kv[1].count >= 2 else {
                    throw ParseError.badLine(line)
                }
                labels[String(kv[0])] = String(kv[1].dropFirst().dropLast())
            }
            rest = rest[rest.index(after: close)...]
        }
        let valueText = rest.trimmingCharacters(in: .whitespaces)
        guard let value = Double(valueText) ?? (valueText == "+Inf" ? .infinity : nil) else { throw ParseError.badLine(line) }
        return Sample(name: name, labels: labels, value: value)
    }

    /// The value of the sample `name` whose labels include `labels`; 0 when there is none yet.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
            .map(\.value).reduce(0, +)
    }
}

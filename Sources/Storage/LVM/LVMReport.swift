import Domain
import Foundation

/// Rows of `lvs`/`vgs --reportformat json --units b --nosuffix`:
/// `{"report": [{"lv": [{"lv_name": "dl_img1_v1", "lv_size": "8388608", ...}]}]}`.
/// Every value is a string; sizes are bytes without a suffix.
struct LVMReport: Decodable {
    var report: [[String: [[String: String]]]]

    /// The rows of the section `key` (`lv`, `vg`) of every report.
    static func rows(_ key: String, from output: String) throws -> [[String: String]] {
        // Messages other than the JSON may come first (warnings at PRINT level): start at the '{'.
        guard let start = output.firstIndex(of: "{") else { return [] }
        do {
            let report = try JSONDecoder().decode(LVMReport.self, from: Data(output[start...].utf8))
            return report.report.flatMap { $0[key] ?? [] }
        } catch {
            throw DriverError.commandFailed(command: "lvm report", status: 0, output: "unreadable JSON report: \(error)")
        }
    }
}

extension Dictionary where Key == String, Value == String {
    func bytes(_ key: String) -> Int64 { Int64(self[key]?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0 }
    func percent(_ key: String) -> Double? { Double(self[key]?.trimmingCharacters(in: .whitespaces) ?? "") }
}

import Foundation
import GRDB

/// GRDB's stored text of a `Date`, "yyyy-MM-dd HH:mm:ss.SSS" in UTC, written without Foundation's
/// `DateFormatter` (ICU), which GRDB's `Date.databaseValue` goes through: the boot-phase batches
/// bind two dates per row, thousands of rows a second in a boot storm. The same text byte for byte
/// (`DatabaseDateTextTests` checks it against GRDB's), so reads and comparisons are unchanged.
enum DatabaseDateText {
    /// 1970-01-01 00:00:00 UTC as seconds since Foundation's reference date (2001-01-01).
    static let unixEpochFromReference = 978_307_200.0
    /// 10000-01-01 00:00:00 UTC in milliseconds since 1970: from there on the year has five digits.
    static let endMilliseconds: Double = 253_402_300_800_000

    /// The text GRDB stores for `date`.
    static func text(_ date: Date) -> String {
        // Foundation rounds to the nearest millisecond (CFDateFormatter adds half of one to the
        // milliseconds it hands ICU) and ICU drops what is left: the same arithmetic here.
        let milliseconds = (date.timeIntervalSinceReferenceDate + unixEpochFromReference) * 1000 + 0.5
        // Before 1970 or from year 10000 on (never a boot time): GRDB's own formatter.
        guard milliseconds >= 0, milliseconds < endMilliseconds else { return grdbText(date) }
        let ms = Int(milliseconds)
        let (year, month, day) = civil(daysSince1970: ms / 86_400_000)
        let inDay = ms % 86_400_000
        return String(unsafeUninitializedCapacity: 23) { out in
            /// `value` in `width` decimal digits from `start` on.
            func put(_ value: Int, _ width: Int, at start: Int) {
                var v = value
                for i in (start..<start + width).reversed() {
                    out[i] = UInt8(ascii: "0") + UInt8(v % 10)
                    v /= 10
                }
            }
            put(year, 4, at: 0)
            out[4] = UInt8(ascii: "-")
            put(month, 2, at: 5)
            out[7] = UInt8(ascii: "-")
            put(day, 2, at: 8)
            out[10] = UInt8(ascii: " ")
            put(inDay / 3_600_000, 2, at: 11)
            out[13] = UInt8(ascii: ":")
            put(inDay / 60_000 % 60, 2, at: 14)
            out[16] = UInt8(ascii: ":")
            put(inDay / 1000 % 60, 2, at: 17)
            out[19] = UInt8(ascii: ".")
            put(inDay % 1000, 3, at: 20)
            return 23
        }
    }

    /// GRDB's own text for `date` (through `DateFormatter`).
    static func grdbText(_ date: Date) -> String {
        String.fromDatabaseValue(date.databaseValue) ?? ""
    }

    /// Year, month and day of the proleptic Gregorian calendar `days` days after 1970-01-01
    /// (Howard Hinnant's `civil_from_days`; `days` >= 0 here).
    static func civil(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = z / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

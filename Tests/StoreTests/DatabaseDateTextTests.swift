import Foundation
@testable import Store
import Testing

/// `DatabaseDateText` writes exactly GRDB's stored text of a date (through `DateFormatter`).
@Suite struct DatabaseDateTextTests {
    /// A fixed pseudo-random sequence (SplitMix64), so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Seconds since 1970 of `year`-01-01 00:00:00 UTC.
    static func newYear(_ year: Int) -> Double {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0)!
        return calendar.date(from: DateComponents(year: year, month: 1, day: 1))!.timeIntervalSince1970
    }

    @Test func knownDates() {
        #expect(DatabaseDateText.text(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000")
        #expect(DatabaseDateText.text(Date(timeIntervalSince1970: 1_800_000_000.5)) == "2027-01-15 08:00:00.500")
        #expect(DatabaseDateText.text(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29 00:00:00.000")
    }

    /// Many dates from 1970 to 9999 with any fraction of a second, and the edges: half a
    /// millisecond either way, the last instant of a year, leap days, the end of the range.
    @Test func matchesGRDBsFormatter() {
        var dates: [Date] = []
        var random = SplitMix(state: 20261207)
        let end = Self.newYear(10000)
        for _ in 0..<20_000 { dates.append(Date(timeIntervalSince1970: Double.random(in: 0..<end, using: &random))) }
        for _ in 0..<5_000 { dates.append(Date(timeIntervalSince1970: Double.random(in: 1.7e9..<1.9e9, using: &random))) }
        for _ in 0..<2_000 {  // whole milliseconds and a hair either side of their halves
            let ms = Double(Int.random(in: 0..<4_000_000_000_000, using: &random)) / 1000
            for delta: Double in [0, 0.0005, 0.000_499_999, 0.000_500_001, -0.0005, -0.000_000_1, 0.000_999_9] {
                dates.append(Date(timeIntervalSince1970: ms + delta))
            }
        }
        for year in [1970, 1971, 1999, 2000, 2001, 2024, 2026, 2027, 2038, 2099, 2100, 2101, 2400, 9999, 10000] {
            let start = Self.newYear(year)
            for delta: Double in [-1.0, -0.001, -0.0005, -0.0004, -0.000_000_1, 0, 0.0004, 0.0005, 0.999, 0.9995, 86_400 * 59, 86_400 * 60 - 0.0005] {
                dates.append(Date(timeIntervalSince1970: start + delta))
            }
        }
        dates.append(Date(timeIntervalSince1970: -1))  // before 1970: GRDB's formatter itself
        dates.append(Date(timeIntervalSinceReferenceDate: 0))
        var mismatches: [String] = []
        for date in dates {
            let fast = DatabaseDateText.text(date), grdb = DatabaseDateText.grdbText(date)
            if fast != grdb { mismatches.append("\(date.timeIntervalSince1970): \(fast) != \(grdb)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(dates.count): \(mismatches.prefix(10))")
    }

    /// What the formatter saves (a number for docs/benchmarks.md, not an assertion).
    @Test func reportsTheCostOfBothFormatters() {
        let dates = (0..<20_000).map { Date(timeIntervalSince1970: 1_800_000_000 + Double($0) * 0.0137) }
        let clock = ContinuousClock()
        var length = 0
        let grdb = clock.measure { for d in dates { length &+= DatabaseDateText.grdbText(d).utf8.count } }
        let fast = clock.measure { for d in dates { length &+= DatabaseDateText.text(d).utf8.count } }
        print("DatabaseDateText: 20,000 dates: GRDB's DateFormatter \(grdb), DatabaseDateText \(fast) (\(length) bytes)")
        #expect(length == 2 * 20_000 * 23)
    }
}

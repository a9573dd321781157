import Domain
import Foundation
import Store

/// Boots counted in one clock hour.
public struct HourCount: Codable, Sendable, Hashable {
    /// Start of the hour (UTC).
    public var hour: Date
    public var count: Int

    public init(hour: Date, count: Int) {
        self.hour = hour
        self.count = count
    }
}

extension EventService {
    /// The action counted as one boot: the per-machine script request (the boot event).
    public static let bootAction = "boot.script"

    /// Boot events per clock hour for the last `hours` hours, oldest first, the current hour last;
    /// hours without boots have count 0.
    public func bootsPerHour(last hours: Int = 24) async throws -> [HourCount] {
        let n = max(1, min(hours, 24 * 31))
        let currentHour = floor(now().timeIntervalSince1970 / 3600) * 3600
        let start = Date(timeIntervalSince1970: currentHour - Double(n - 1) * 3600)
        let times: [Date]
        do {
            times = try await store.read { tx in try tx.eventTimes(action: Self.bootAction, since: start) }
        } catch {
            throw ServiceError.wrap(error)
        }
        var counts = [Int](repeating: 0, count: n)
        for t in times {
            let index = Int((t.timeIntervalSince1970 - start.timeIntervalSince1970) / 3600)
            if (0..<n).contains(index) { counts[index] += 1 }
        }
        return counts.enumerated().map { i, c in HourCount(hour: start.addingTimeInterval(Double(i) * 3600), count: c) }
    }
}

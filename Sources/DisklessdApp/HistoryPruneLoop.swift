import Logging
import ServiceLifecycle
import Services

/// Keeps the events table within `limits.eventsMaxAgeDays` / `limits.eventsMaxCount` while the
/// server runs (start-up prunes too), every `intervalSeconds`.
struct HistoryPruneLoop: Service {
    let services: ServiceContainer
    let logger: Logger
    static let intervalSeconds = 300

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while true {
                do { try await Task.sleep(for: .seconds(Self.intervalSeconds)) } catch { return }
                do {
                    let pruned = try await services.pruneHistory()
                    if pruned > 0 { logger.info("events pruned", metadata: ["count": "\(pruned)"]) }
                } catch {
                    logger.warning("cannot prune events", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}

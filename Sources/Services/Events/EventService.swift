import Domain
import Foundation
import Logging
import Store

/// The audit and boot log: writes events, lists them, and streams new ones to subscribers (SSE).
public final class EventService: Sendable {
    let store: AppStore
    let now: @Sendable () -> Date
    let logger: Logger
    private let subscribers = Locked<[UUID: AsyncStream<Event>.Continuation]>([:])

    init(store: AppStore, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.store = store
        self.now = now
        self.logger = logger
    }

    /// Appends `event` to the log and sends it to subscribers; returns it with its id.
    @discardableResult
    public func record(_ event: Event) async throws -> Event {
        let stored: Event
        do {
            stored = try await store.write { tx in try tx.insertEvent(event) }
        } catch {
            throw ServiceError.wrap(error)
        }
        publish(stored)
        return stored
    }

    /// Records `event`, logging instead of throwing when the database refuses (failure events
    /// must never hide the error that caused them).
    func recordQuietly(_ event: Event) async {
        do {
            try await record(event)
        } catch {
            logger.error("cannot record event", metadata: ["action": "\(event.action)", "error": "\(error)"])
        }
    }

    /// Sends already-stored events (written inside a service's own transaction) to subscribers.
    func publish(_ events: Event...) {
        let continuations = subscribers.withLock { Array($0.values) }
        for e in events { for c in continuations { c.yield(e) } }
    }

    /// Events newest first. `action` matches itself and its family (`boot` finds `boot.*`), or any
    /// action starting with it when it ends in `.` or `*`.
    public func list(action: String? = nil, subject: String? = nil, actor: String? = nil, outcome: String? = nil,
                     since: Date? = nil, limit: Int? = nil, offset: Int? = nil) async throws -> Page<Event> {
        let window = try Paging.window(limit: limit, offset: offset)
        var parsedOutcome: EventOutcome?
        if let outcome, !outcome.isEmpty {
            guard let o = EventOutcome(rawValue: outcome) else {
                throw ServiceError.invalid("outcome", "outcome must be success or failure")
            }
            parsedOutcome = o
        }
        let query = EventListQuery(action: action, subject: subject, actor: actor, outcome: parsedOutcome, since: since,
                                   limit: window.limit, offset: window.offset)
        do {
            let (items, total) = try await store.read { tx in try tx.events(query) }
            return Page(items: items, total: total, limit: window.limit, offset: window.offset)
        } catch {
            throw ServiceError.wrap(error)
        }
    }

    /// A stream of every event recorded from now on. It ends when the consumer stops iterating
    /// (the task is cancelled); slow consumers lose the oldest buffered events, never block writers.
    public func subscribe(bufferSize: Int = 256) -> AsyncStream<Event> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(bufferSize))
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.removeValue(forKey: id) }
        }
        subscribers.withLock { $0[id] = continuation }
        return stream
    }

    /// Deletes events older than `cutoff` (retention); returns how many.
    @discardableResult
    public func prune(before cutoff: Date) async throws -> Int {
        do { return try await store.write { tx in try tx.deleteEvents(before: cutoff) } } catch { throw ServiceError.wrap(error) }
    }

    /// Deletes all but the newest `count` events; returns how many.
    public func prune(keepingNewest count: Int) async throws -> Int {
        do { return try await store.write { tx in try tx.deleteEvents(keepingNewest: count) } } catch { throw ServiceError.wrap(error) }
    }

    /// Number of live subscribers (for tests and diagnostics).
    public var subscriberCount: Int { subscribers.withLock { $0.count } }
}

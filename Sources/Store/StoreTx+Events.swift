import Domain
import Foundation
import GRDB

/// Filters and window of an event list (newest first).
public struct EventListQuery: Sendable, Hashable {
    /// Exact action, or a prefix when it ends in `.` or `*` (`machine.` / `machine.*`).
    public var action: String?
    public var subject: String?
    public var actor: String?
    public var outcome: EventOutcome?
    public var since: Date?
    public var limit: Int
    public var offset: Int

    public init(action: String? = nil, subject: String? = nil, actor: String? = nil, outcome: EventOutcome? = nil,
                since: Date? = nil, limit: Int = 50, offset: Int = 0) {
        self.action = action
        self.subject = subject
        self.actor = actor
        self.outcome = outcome
        self.since = since
        self.limit = limit
        self.offset = offset
    }
}

extension StoreTx {
    /// Appends `event`; returns it with its id. Its time is bound as GRDB's text without ICU
    /// (`DatabaseDateText`): the boot-phase batches insert thousands a second in a storm.
    public func insertEvent(_ event: Event) throws -> Event {
        let insert = try db.cachedStatement(sql: "INSERT INTO events (time, actor, action, subject, outcome, detail) VALUES (?, ?, ?, ?, ?, ?)")
        insert.setUncheckedArguments([DatabaseDateText.text(event.time), event.actor, event.action, event.subject, event.outcome.rawValue,
                                      event.detail])
        try insert.execute()
        var stored = event
        stored.id = db.lastInsertedRowID
        return stored
    }

    /// One page of events, newest first, and the total that match.
    public func events(_ query: EventListQuery) throws -> (items: [Event], total: Int) {
        var conditions: [String] = []
        var args: Arguments = []
        if let action = query.action, !action.isEmpty {
            if action.hasSuffix("*") || action.hasSuffix(".") {
                let prefix = action.hasSuffix("*") ? String(action.dropLast()) : action
                conditions.append("substr(action, 1, ?) = ?")
                args += [prefix.count, prefix]
            } else {
                // A bare word finds its family too: `boot` matches `boot` and `boot.*`.
                conditions.append("(action = ? OR substr(action, 1, ?) = ?)")
                args += [action, action.count + 1, action + "."]
            }
        }
        if let subject = query.subject, !subject.isEmpty { conditions.append("subject = ?"); args.append(subject) }
        if let actor = query.actor, !actor.isEmpty { conditions.append("actor = ?"); args.append(actor) }
        if let outcome = query.outcome { conditions.append("outcome = ?"); args.append(outcome.rawValue) }
        if let since = query.since { conditions.append("time >= ?"); args.append(since) }
        let whereSQL = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events WHERE \(whereSQL)", arguments: StatementArguments(args)) ?? 0
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM events WHERE \(whereSQL) ORDER BY time DESC, id DESC LIMIT \(max(0, query.limit)) OFFSET \(max(0, query.offset))",
                                    arguments: StatementArguments(args))
        let items = try rows.map { row in
            Event(id: try row.value("id"), time: try row.value("time"), actor: try row.value("actor"),
                  action: try row.value("action"), subject: try row.value("subject"), outcome: try row.enumValue("outcome"),
                  detail: try row.value("detail"))
        }
        return (items, total)
    }

    /// Times of events with `action` since `since`, oldest first (for per-hour buckets).
    public func eventTimes(action: String, since: Date) throws -> [Date] {
        try Date.fetchAll(db, sql: "SELECT time FROM events WHERE action = ? AND time >= ? ORDER BY time",
                          arguments: [action, since])
    }

    /// Deletes events older than `cutoff`; returns how many.
    @discardableResult
    public func deleteEvents(before cutoff: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM events WHERE time < ?", arguments: [cutoff])
        return db.changesCount
    }
}

extension StoreTx {
    /// Deletes all but the newest `keep` events; returns how many.
    @discardableResult
    public func deleteEvents(keepingNewest keep: Int) throws -> Int {
        guard let cutoff = try Int64.fetchOne(db, sql: "SELECT id FROM events ORDER BY id DESC LIMIT 1 OFFSET ?",
                                              arguments: [keep]) else { return 0 }
        try db.execute(sql: "DELETE FROM events WHERE id <= ?", arguments: [cutoff])
        return db.changesCount
    }
}

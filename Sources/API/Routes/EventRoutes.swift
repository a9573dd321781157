import Domain
import Foundation
import Hummingbird
import Services

/// `/api/v1/events`: the audit and boot log (filters, newest first; `?machine=` for one machine's
/// history; names, codes and summaries beside each event) and its live SSE stream.
public struct EventRoutes: RouteGroup {
    let events: EventService

    public init(events: EventService) { self.events = events }

    public func register(on api: RouterGroup<APIContext>) {
        api.get("events") { request, context in
            _ = try context.caller()
            let page = try PageQuery(request)
            var since: Date?
            if let text = request.query("since") {
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw ValidationError(field: "since", "must be an ISO 8601 date-time such as 2026-01-31T12:00:00Z")
                }
                since = date
            }
            if let outcome = request.query("outcome"), EventOutcome(rawValue: outcome) == nil {
                throw ValidationError(field: "outcome", "must be success or failure")
            }
            var subject = request.query("subject")
            if let text = request.query("machine") {
                // One machine's history: `?machine=40` is `?subject=machine/40`.
                guard let id = Int64(text), id > 0 else { throw ValidationError(field: "machine", "must be a machine id") }
                subject = "machine/\(id)"
            }
            let list = try await events.list(action: request.query("action"), subject: subject,
                                             actor: request.query("actor"), outcome: request.query("outcome"), since: since,
                                             limit: page.limit, offset: page.offset)
            let names = try await events.subjectNames(of: list.items)
            return try APIJSON.response(list.map { EventView($0, subjectName: names[$0.subject]) })
        }
        api.get("events/stream") { _, context in
            _ = try context.caller()
            let events = events
            return EventStream.response(events.subscribe()) { event in
                // The same view as the list: a name that cannot be looked up is left out, not fatal.
                let names = (try? await events.subjectNames(of: [event])) ?? [:]
                return EventView(event, subjectName: names[event.subject])
            }
        }
    }
}

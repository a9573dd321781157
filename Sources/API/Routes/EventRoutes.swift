import Domain
import Foundation
import Hummingbird
import Services

/// `/api/v1/events`: the audit and boot log (filters, newest first) and its live SSE stream.
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
            let list = try await events.list(action: request.query("action"), subject: request.query("subject"),
                                             actor: request.query("actor"), outcome: request.query("outcome"), since: since,
                                             limit: page.limit, offset: page.offset)
            return try APIJSON.response(list)
        }
        api.get("events/stream") { _, context in
            _ = try context.caller()
            return EventStream.response(events.subscribe())
        }
    }
}

import Domain
import Foundation
import Services

/// An event as the API lists it: the stored event plus `code` (its stable kind, the action:
/// `boot.script`, `power.off`; `outcome` says whether it worked), `subjectName` (the machine's or
/// image's name instead of `machine/40`, when known) and `summary` (the detail's first line,
/// short; `detail` stays whole).
public struct EventView: Encodable, Sendable {
    var id: Int64
    var time: Date
    var actor: String
    var action: String
    var code: String
    var subject: String
    var subjectName: String?
    var outcome: EventOutcome
    var detail: String
    var summary: String

    public init(_ event: Event, subjectName: String?) {
        id = event.id
        time = event.time
        actor = event.actor
        action = event.action
        code = event.action
        subject = event.subject
        self.subjectName = subjectName
        outcome = event.outcome
        detail = event.detail
        summary = EventService.summary(event.detail)
    }
}

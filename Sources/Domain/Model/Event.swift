import struct Foundation.Date

public enum EventOutcome: String, Codable, Sendable, CaseIterable { case success, failure }

/// One line of the audit and boot log.
public struct Event: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    public var time: Date
    /// `admin`, `token:<name>`, `thrift:<peer>`, `boot`, `system`.
    public var actor: String
    /// Dotted verb: `machine.create`, `image.commit`, `boot.script`, `power.off` …
    public var action: String
    /// What it acted on: `machine/12`, `image/3`, `settings`, `mac/aabbccddeeff`.
    public var subject: String
    public var outcome: EventOutcome
    /// Human-readable detail; never a password.
    public var detail: String

    public init(id: Int64 = 0, time: Date = Date(), actor: String, action: String, subject: String,
                outcome: EventOutcome = .success, detail: String = "") {
        self.id = id
        self.time = time
        self.actor = actor
        self.action = action
        self.subject = subject
        self.outcome = outcome
        self.detail = detail
    }
}

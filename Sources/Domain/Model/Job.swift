import struct Foundation.Date

public enum JobState: String, Codable, Sendable, CaseIterable {
    case running, succeeded, failed, cancelled

    /// True once the job can no longer change.
    public var isFinished: Bool { self != .running }
}

/// Long work with progress (image import, upload, copy), persisted so a restart can tell what happened.
public struct Job: Codable, Sendable, Hashable, Identifiable {
    public var id: Int64
    /// What kind of work: `image.import`, `image.upload`, `machine.reset` …
    public var kind: String
    /// What it works on: `image/3`.
    public var subject: String
    public var state: JobState
    public var bytesDone: Int64
    public var bytesTotal: Int64?
    /// Result or failure reason, in lower case.
    public var message: String
    public var createdAt: Date
    public var updatedAt: Date
    public var finishedAt: Date?

    public init(id: Int64 = 0, kind: String, subject: String, state: JobState = .running, bytesDone: Int64 = 0,
                bytesTotal: Int64? = nil, message: String = "", createdAt: Date = Date(), updatedAt: Date = Date(),
                finishedAt: Date? = nil) {
        self.id = id
        self.kind = kind
        self.subject = subject
        self.state = state
        self.bytesDone = bytesDone
        self.bytesTotal = bytesTotal
        self.message = message
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.finishedAt = finishedAt
    }
}

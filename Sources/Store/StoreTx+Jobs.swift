import Domain
import Foundation
import GRDB

extension StoreTx {
    public func insertJob(_ job: Job) throws -> Job {
        try db.execute(sql: """
            INSERT INTO jobs (kind, subject, state, bytesDone, bytesTotal, message, createdAt, updatedAt, finishedAt)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [job.kind, job.subject, job.state.rawValue, job.bytesDone, job.bytesTotal, job.message,
                             job.createdAt, job.updatedAt, job.finishedAt])
        var stored = job
        stored.id = db.lastInsertedRowID
        return stored
    }

    /// Writes state, progress, message and times of `job`.
    public func updateJob(_ job: Job) throws {
        try db.execute(sql: """
            UPDATE jobs SET state = ?, bytesDone = ?, bytesTotal = ?, message = ?, updatedAt = ?, finishedAt = ? WHERE id = ?
            """, arguments: [job.state.rawValue, job.bytesDone, job.bytesTotal, job.message, job.updatedAt, job.finishedAt, job.id])
    }

    public func job(id: Int64) throws -> Job? {
        try Row.fetchOne(db, sql: "SELECT * FROM jobs WHERE id = ?", arguments: [id]).map(job(row:))
    }

    /// Jobs, newest first.
    public func jobs(limit: Int = 100, offset: Int = 0) throws -> (items: [Job], total: Int) {
        let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM jobs") ?? 0
        let items = try Row.fetchAll(db, sql: "SELECT * FROM jobs ORDER BY id DESC LIMIT ? OFFSET ?",
                                     arguments: [max(0, limit), max(0, offset)]).map(job(row:))
        return (items, total)
    }

    /// Marks every `running` job failed with `message`; returns how many. Used at start-up.
    @discardableResult
    public func failRunningJobs(message: String, at time: Date) throws -> Int {
        try db.execute(sql: "UPDATE jobs SET state = 'failed', message = ?, updatedAt = ?, finishedAt = ? WHERE state = 'running'",
                       arguments: [message, time, time])
        return db.changesCount
    }

    /// Deletes finished jobs that ended before `cutoff`; returns how many.
    @discardableResult
    public func deleteFinishedJobs(before cutoff: Date) throws -> Int {
        try db.execute(sql: "DELETE FROM jobs WHERE state != 'running' AND finishedAt < ?", arguments: [cutoff])
        return db.changesCount
    }

    private func job(row: Row) throws -> Job {
        Job(id: try row.value("id"), kind: try row.value("kind"), subject: try row.value("subject"),
            state: try row.enumValue("state"), bytesDone: try row.value("bytesDone"), bytesTotal: row.optional("bytesTotal"),
            message: try row.value("message"), createdAt: try row.value("createdAt"), updatedAt: try row.value("updatedAt"),
            finishedAt: row.optional("finishedAt"))
    }
}

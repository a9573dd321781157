import Domain
import Foundation
import Logging
import Store
import Telemetry

/// Long work with progress: runs an async operation in a task, persists its state to the jobs
/// table, cancels on request. Jobs found `running` at start-up were cut short by a restart.
public final class JobService: Sendable {
    let context: ServiceContext
    private let tasks = Locked<[Int64: Task<Void, Never>]>([:])
    /// Minimum time between progress writes.
    let flushInterval: TimeInterval

    init(context: ServiceContext, flushInterval: TimeInterval = 0.5) {
        self.context = context
        self.flushInterval = flushInterval
    }

    /// Records a job and starts `operation` in a new task. The operation reports progress through
    /// its `JobProgress` and returns a short result message; throwing fails the job, and
    /// cancellation (`cancel(id:)`) ends it as `cancelled`.
    public func start(kind: String, subject: String, total: Int64? = nil, by caller: Caller,
                      operation: @escaping @Sendable (JobProgress) async throws -> String) async throws -> Job {
        let now = context.now
        let (job, event) = try await context.write { tx in
            let j = try tx.insertJob(Job(kind: kind, subject: subject, bytesTotal: total, createdAt: now, updatedAt: now))
            return (j, try tx.insertEvent(context.event(caller, "job.start", "job/\(j.id)", .success, "\(kind) \(subject)")))
        }
        context.events.publish(event)
        let progress = JobProgress(jobID: job.id, total: total, store: context.store, now: context.config.now,
                                   flushInterval: flushInterval)
        Telemetry.jobStarted()
        tasks.withLock { running in
            running[job.id] = Task { [self] in
                let state: JobState
                let message: String
                do {
                    message = try await operation(progress)
                    state = Task.isCancelled ? .cancelled : .succeeded
                } catch is CancellationError {
                    (state, message) = (.cancelled, "cancelled")
                } catch {
                    state = Task.isCancelled ? .cancelled : .failed
                    message = Task.isCancelled ? "cancelled" : "\(error)"
                }
                // A cancelled task cannot write (GRDB refuses work for cancelled tasks): record the
                // end from a fresh task, which does not inherit the cancellation.
                Telemetry.jobFinished(kind: kind, state: state.rawValue)
                await Task { await self.finish(job.id, state: state, message: message, progress: progress, caller: caller) }.value
                _ = tasks.withLock { $0.removeValue(forKey: job.id) }
            }
        }
        return job
    }

    private func finish(_ id: Int64, state: JobState, message: String, progress: JobProgress, caller: Caller) async {
        let now = context.now
        let (done, total) = progress.current
        do {
            let event: Event? = try await context.write { tx in
                guard var job = try tx.job(id: id) else { return nil }
                job.state = state
                job.message = String(message.prefix(500))
                job.bytesDone = done
                job.bytesTotal = total ?? job.bytesTotal
                job.updatedAt = now
                job.finishedAt = now
                try tx.updateJob(job)
                return try tx.insertEvent(context.event(caller, "job.\(state.rawValue)", "job/\(id)",
                                                        state == .succeeded ? .success : .failure,
                                                        "\(job.kind) \(job.subject): \(job.message)"))
            }
            if let event { context.events.publish(event) }
        } catch {
            context.logger.error("cannot record the end of a job", metadata: ["job": "\(id)", "error": "\(error)"])
        }
    }

    /// The job with `id`; `.notFound` otherwise.
    public func get(id: Int64) async throws -> Job {
        guard let j = try await context.read({ tx in try tx.job(id: id) }) else { throw ServiceError.notFound(.jobNotFound, "job \(id)") }
        return j
    }

    /// Jobs, newest first.
    public func list(limit: Int? = nil, offset: Int? = nil) async throws -> Page<Job> {
        let window = try Paging.window(limit: limit, offset: offset)
        let (items, total) = try await context.read { tx in try tx.jobs(limit: window.limit, offset: window.offset) }
        return Page(items: items, total: total, limit: window.limit, offset: window.offset)
    }

    /// Asks job `id` to stop. Returns the job as stored now (a finished job is returned unchanged).
    @discardableResult
    public func cancel(id: Int64, by caller: Caller) async throws -> Job {
        let job = try await get(id: id)
        guard job.state == .running else { return job }
        let task = tasks.withLock { $0[id] }
        task?.cancel()
        await context.events.recordQuietly(context.event(caller, "job.cancel", "job/\(id)", .success, "\(job.kind) \(job.subject)"))
        if task == nil {
            // No task in this process: a leftover row; mark it so it does not look alive.
            try await context.write { tx in
                guard var j = try tx.job(id: id), j.state == .running else { return }
                j.state = .cancelled
                j.message = "cancelled"
                j.finishedAt = self.context.now
                try tx.updateJob(j)
            }
        }
        return try await get(id: id)
    }

    /// Waits until job `id` has finished (for tests and the CLI) and returns it.
    public func wait(id: Int64) async throws -> Job {
        if let task = tasks.withLock({ $0[id] }) { await task.value }
        return try await get(id: id)
    }

    /// Marks jobs left `running` by a previous process as failed; returns how many.
    @discardableResult
    public func failInterrupted() async throws -> Int {
        let now = context.now
        return try await context.write { tx in try tx.failRunningJobs(message: "interrupted by restart", at: now) }
    }

    /// Deletes finished jobs older than `cutoff` (retention); returns how many.
    @discardableResult
    public func prune(before cutoff: Date) async throws -> Int {
        try await context.write { tx in try tx.deleteFinishedJobs(before: cutoff) }
    }
}

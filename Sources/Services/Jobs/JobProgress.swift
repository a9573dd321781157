import Domain
import Foundation
import Store

/// Handed to a job's operation to report progress. Progress is kept in memory and written to
/// the jobs table at most every `flushInterval`, so a tight copy loop does not hammer SQLite.
public final class JobProgress: Sendable {
    /// The job's id.
    public let jobID: Int64
    let store: AppStore
    let now: @Sendable () -> Date
    let flushInterval: TimeInterval
    private let state = Locked<(done: Int64, total: Int64?, lastFlush: Date?)>((0, nil, nil))

    init(jobID: Int64, total: Int64?, store: AppStore, now: @escaping @Sendable () -> Date, flushInterval: TimeInterval) {
        self.jobID = jobID
        self.store = store
        self.now = now
        self.flushInterval = flushInterval
        state.withLock { $0.total = total }
    }

    /// Reports `bytesDone` (and a new total when it became known). Throws `CancellationError`
    /// when the job was cancelled, so loops that report also stop.
    public func report(bytesDone: Int64, bytesTotal: Int64? = nil) async throws {
        let time = now()
        let due: (Int64, Int64?)? = state.withLock { s in
            s.done = bytesDone
            if let bytesTotal { s.total = bytesTotal }
            guard s.lastFlush.map({ time.timeIntervalSince($0) >= flushInterval }) ?? true else { return nil }
            s.lastFlush = time
            return (s.done, s.total)
        }
        if let (done, total) = due {
            let id = jobID
            try? await store.write { tx in
                guard var job = try tx.job(id: id), job.state == .running else { return }
                job.bytesDone = done
                job.bytesTotal = total
                job.updatedAt = time
                try tx.updateJob(job)
            }
        }
        try Task.checkCancellation()
    }

    /// The latest reported progress.
    public var current: (bytesDone: Int64, bytesTotal: Int64?) { state.withLock { ($0.done, $0.total) } }
}

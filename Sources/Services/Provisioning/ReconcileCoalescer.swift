/// Lets concurrent callers share one reconcile. A reconcile reads the database when it starts,
/// so one that has not started yet also covers every change committed before that moment: a
/// caller that finds such a reconcile waiting in the queue joins it instead of queueing another.
/// 500 concurrent machine deletions then cost a handful of reconciles, not 500 (each of which
/// lists every target on the host).
actor ReconcileCoalescer {
    private var waiting: Task<ReconcileReport, any Error>?
    private var generation = 0
    /// Calls to `join` so far (tests use it to know every caller arrived).
    private(set) var joins = 0

    /// Joins the reconcile that has not started yet, or starts a new one with `run`. `run` gets
    /// the callback it must call when it starts, before it reads the database.
    func join(_ run: @escaping @Sendable (_ started: @escaping @Sendable () async -> Void) async throws -> ReconcileReport)
        async throws -> ReconcileReport {
        joins += 1
        if let waiting { return try await waiting.value }
        generation += 1
        let mine = generation
        let task = Task { try await run { await self.started(mine) } }
        waiting = task
        let result = await task.result
        started(mine)  // in case it failed before it could say so
        return try result.get()
    }

    /// The reconcile `generation` started reading: later callers need a new one.
    private func started(_ generation: Int) {
        if generation == self.generation { waiting = nil }
    }
}

/// Runs operations one after another, in call order, across suspension points. An actor alone is
/// not enough: actor methods interleave at every `await`, and a reconcile must never see half of a
/// reset or a commit (it would take a fresh version volume for an orphan).
actor ProvisioningQueue {
    private var tail: Task<Void, Never>?

    func run<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tail
        let task = Task {
            _ = await previous?.value
            return try await operation()
        }
        tail = Task { _ = try? await task.value }
        return try await task.value
    }
}

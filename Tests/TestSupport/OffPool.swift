import Foundation

/// Runs a blocking `body` (a socket read, a child process wait) on a thread of its own and
/// awaits its result without holding a thread of Swift's cooperative pool.
///
/// The pool has as many threads as cores (2 on CI). A test that blocks one of them while the
/// in-process server under test needs it can starve the server on a loaded machine. Neither
/// `Task.detached` (the same pool) nor `DispatchQueue.global()` is a way out; a `Thread` is.
/// Measured here (2 cores, Swift 6.3): with 8 jobs blocked for 3 s, a new task started after
/// 11.9 s (`Task.detached`), 2.9 s (`DispatchQueue.global()`), 0.00 s (`Thread`).
public func offPool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread { continuation.resume(with: Result { try body() }) }
        thread.name = "test-off-pool"
        thread.start()
    }
}

/// `offPool` for a body that cannot throw.
public func offPool<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: body()) }
        thread.name = "test-off-pool"
        thread.start()
    }
}

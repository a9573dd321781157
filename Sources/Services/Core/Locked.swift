import Foundation

/// A value behind a lock, for the little shared mutable state services keep (subscribers, rate
/// limits, running tasks). Critical sections are short and never await.
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

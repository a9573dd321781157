import Foundation

/// A value behind a lock, for the little shared mutable state services and drivers keep
/// (subscribers, rate limits, running tasks, the overlay placement). Critical sections are short
/// and never await.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) { self.value = value }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

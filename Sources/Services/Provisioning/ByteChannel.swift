/// A bounded hand-over of byte chunks from a producer (the HTTP request body) to a consumer (the
/// upload job): `send` waits while `capacity` chunks are queued, so a slow disk slows the upload
/// instead of filling memory. Closing from the consumer side (job failed or cancelled) makes the
/// producer's next `send` throw; aborting from the producer side (the request body broke off)
/// makes the consumer's `receive` throw, so a cut-off upload can never look complete.
public actor ByteChannel {
    private var queued: [[UInt8]] = []
    private var finished = false
    private var abortedReason: String?
    private var closedReason: String?
    private var consumer: CheckedContinuation<Void, Never>?
    private var producer: CheckedContinuation<Void, Never>?
    let capacity: Int

    public init(capacity: Int = 16) { self.capacity = capacity }

    /// Queues a chunk, waiting for room; throws once the consumer has gone.
    public func send(_ chunk: [UInt8]) async throws {
        while queued.count >= capacity && closedReason == nil {
            await withCheckedContinuation { producer = $0 }
        }
        if let closedReason { throw ServiceError.unavailable("upload stopped: \(closedReason)") }
        queued.append(chunk)
        consumer?.resume()
        consumer = nil
    }

    /// The producer broke off (the request body ended with an error): the consumer fails.
    public func abort(_ reason: String) {
        abortedReason = reason
        consumer?.resume()
        consumer = nil
    }

    /// No more chunks.
    public func finish() {
        finished = true
        consumer?.resume()
        consumer = nil
    }

    /// The next chunk, nil at the end; throws when the producer aborted.
    func receive() async throws -> [UInt8]? {
        while queued.isEmpty && !finished && closedReason == nil && abortedReason == nil {
            await withCheckedContinuation { consumer = $0 }
        }
        if let abortedReason { throw ServiceError.invalid("content", "the upload broke off: \(abortedReason)") }
        guard !queued.isEmpty else { return nil }
        let chunk = queued.removeFirst()
        producer?.resume()
        producer = nil
        return chunk
    }

    /// The consumer stops; a waiting or later `send` throws.
    func close(_ reason: String) {
        closedReason = reason
        producer?.resume()
        producer = nil
    }
}

import CoreMetrics
import Metrics

/// Records disklessd's metrics (names: `MetricName`). Each call resolves its metric through the
/// bootstrapped factory, so nothing is captured before `disklessd serve` bootstraps Prometheus.
public enum Telemetry {
    public static func bootEvent(phase: String, known: Bool) {
        Counter(label: MetricName.bootEvents, dimensions: [("phase", phase), ("outcome", known ? "known" : "unknown")])
            .increment()
    }

    public static func bootScriptServed(in duration: Duration) {
        Timer(label: MetricName.bootScriptSeconds).record(duration: duration)
    }

    public static func bootRateLimited() {
        Counter(label: MetricName.bootRateLimited).increment()
    }

    public static func diskReset(in duration: Duration) {
        Timer(label: MetricName.diskResetSeconds).record(duration: duration)
    }

    /// One finished TFTP transfer: `outcome` is completed, refused, aborted, timed_out or failed.
    public static func tftpTransfer(outcome: String, bytes: UInt64) {
        Counter(label: MetricName.tftpTransfers, dimensions: [("outcome", outcome)]).increment()
        if bytes > 0 { Counter(label: MetricName.tftpBytes).increment(by: Int64(clamping: bytes)) }
    }

    public static func proxyDHCPRequest(message: String, decision: String) {
        Counter(label: MetricName.proxyDHCPRequests, dimensions: [("message", message), ("decision", decision)]).increment()
    }

    public static func iscsiSessions(_ count: Int) {
        Gauge(label: MetricName.iscsiSessions).record(count)
    }

    public static func machines(status: String, count: Int) {
        Gauge(label: MetricName.machines, dimensions: [("status", status)]).record(count)
    }

    public static func provisioning(action: String, in duration: Duration, failed: Bool) {
        Timer(label: MetricName.provisioningSeconds, dimensions: [("action", action)]).record(duration: duration)
        if failed { Counter(label: MetricName.provisioningFailures, dimensions: [("action", action)]).increment() }
    }

    /// One reconcile run: `outcome` is clean, changed, errors or failed.
    public static func reconcile(outcome: String, in duration: Duration) {
        Timer(label: MetricName.reconcileSeconds).record(duration: duration)
        Counter(label: MetricName.reconcileRuns, dimensions: [("outcome", outcome)]).increment()
    }

    public static func jobStarted() {
        Meter(label: MetricName.jobsRunning).increment()
    }

    public static func jobFinished(kind: String, state: String) {
        Meter(label: MetricName.jobsRunning).decrement()
        Counter(label: MetricName.jobsFinished, dimensions: [("kind", kind), ("state", state)]).increment()
    }

    /// One SQLite transaction: `operation` is read or write.
    public static func database(_ operation: String, in duration: Duration) {
        Timer(label: MetricName.dbSeconds, dimensions: [("operation", operation)]).record(duration: duration)
    }

    /// Times `body` with a monotonic clock and hands the elapsed time to `record`, whether or not
    /// `body` throws.
    public static func timed<T>(_ record: (Duration) -> Void, _ body: () async throws -> T) async rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer { record(clock.now - start) }
        return try await body()
    }
}

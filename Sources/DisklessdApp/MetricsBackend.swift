import CoreMetrics
import Prometheus
import Telemetry

/// The process's one Prometheus registry, bootstrapped as swift-metrics' backend on first use
/// (`App.init`): every module's `Telemetry` calls land here, `GET /metrics` renders it.
/// swift-metrics allows one bootstrap per process, so tests that start several apps share it.
public enum MetricsBackend {
    public static let registry: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = buckets
        MetricsSystem.bootstrap(factory)
        return registry
    }()

    /// The text exposition of every metric (a snapshot; never waits for I/O).
    public static func exposition() -> [UInt8] { registry.emitToBuffer() }

    /// Histogram buckets where the default (5 ms … 10 s) does not fit what is timed.
    static let buckets: [String: [Duration]] = [
        MetricName.dbSeconds: [.microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
                               .milliseconds(2), .milliseconds(5), .milliseconds(10), .milliseconds(25),
                               .milliseconds(50), .milliseconds(100), .milliseconds(250), .seconds(1)],
        MetricName.bootScriptSeconds: [.milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                                       .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                       .milliseconds(500), .seconds(1)],
        MetricName.diskResetSeconds: [.milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                                      .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500),
                                      .seconds(5), .seconds(10), .seconds(30), .seconds(60)],
        MetricName.reconcileSeconds: [.milliseconds(10), .milliseconds(50), .milliseconds(100), .milliseconds(250),
                                      .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
                                      .seconds(10), .seconds(30), .seconds(60), .seconds(300)],
    ]
}

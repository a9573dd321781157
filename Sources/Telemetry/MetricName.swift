/// Every metric disklessd records, by its Prometheus name. `docs/metrics.md` explains each one and
/// `docs/grafana-dashboard.json` charts them; keep the three in step.
///
/// The modules record through swift-metrics (`CoreMetrics`); `disklessd serve` bootstraps the
/// Prometheus backend, so without it (unit tests of one module) recording costs nothing.
public enum MetricName {
    /// Counter {phase, outcome}: boot phases seen (dhcp, tftp, script, iscsiLogin, asset);
    /// outcome `known` or `unknown` (a MAC that is not registered: recorded as discovered).
    public static let bootEvents = "disklessd_boot_events_total"
    /// Histogram: time to serve one per-machine iPXE script (`/boot/{mac}.ipxe`).
    public static let bootScriptSeconds = "disklessd_boot_script_seconds"
    /// Counter: boot endpoint requests refused by the per-address rate limit (429).
    public static let bootRateLimited = "disklessd_boot_rate_limited_total"
    /// Histogram: time to give a machine fresh disks (detach, reset every disk, re-attach).
    public static let diskResetSeconds = "disklessd_disk_reset_seconds"
    /// Counter {outcome}: TFTP transfers that ended: completed, refused, aborted, timed_out, failed.
    public static let tftpTransfers = "disklessd_tftp_transfers_total"
    /// Counter: bytes TFTP clients acknowledged.
    public static let tftpBytes = "disklessd_tftp_bytes_total"
    /// Counter {message, decision}: PXE requests ProxyDHCP saw and what it did (answered, denied,
    /// unsupported_architecture, not_for_us).
    public static let proxyDHCPRequests = "disklessd_proxydhcp_requests_total"
    /// Gauge: iSCSI sessions the target driver lists (absent while the driver cannot list them).
    public static let iscsiSessions = "disklessd_iscsi_sessions"
    /// Gauge {status}: machines by status (online, booting, offline, unknown).
    public static let machines = "disklessd_machines"
    /// Histogram {action}: provisioning after a change (machine.create, image.commit, machine.reset …).
    public static let provisioningSeconds = "disklessd_provisioning_seconds"
    /// Counter {action}: provisioning runs that failed (each also writes a failure event).
    public static let provisioningFailures = "disklessd_provisioning_failures_total"
    /// Histogram: one reconcile run (drivers converged to the database).
    public static let reconcileSeconds = "disklessd_reconcile_seconds"
    /// Counter {outcome}: reconcile runs: clean, changed, errors, failed (threw).
    public static let reconcileRuns = "disklessd_reconcile_runs_total"
    /// Counter {kind, state}: jobs that ended (succeeded, failed, cancelled).
    public static let jobsFinished = "disklessd_jobs_finished_total"
    /// Gauge: jobs running now.
    public static let jobsRunning = "disklessd_jobs_running"
    /// Histogram {operation}: SQLite transactions (read, write), waiting for the connection included.
    public static let dbSeconds = "disklessd_db_seconds"
    /// HTTP (Hummingbird's `MetricsMiddleware`): `hb_requests` counter, `http_server_request_duration`
    /// histogram {http_route, http_request_method, http_response_status_code}, `hb_request_errors`,
    /// `http_server_active_requests`.
    public static let httpRequests = "hb_requests"
}

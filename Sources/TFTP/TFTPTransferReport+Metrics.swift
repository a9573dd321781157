import Telemetry

extension TFTPTransferReport {
    /// The label of `outcome` in `disklessd_tftp_transfers_total`.
    var metricOutcome: String {
        switch outcome {
        case .completed: "completed"
        case .refused: "refused"
        case .abortedByClient: "aborted"
        case .timedOut: "timed_out"
        case .failed: "failed"
        }
    }

    /// Counts the transfer and its acknowledged bytes (`MetricName.tftpTransfers`, `.tftpBytes`).
    func recordMetrics() {
        Telemetry.tftpTransfer(outcome: metricOutcome, bytes: bytes)
    }
}

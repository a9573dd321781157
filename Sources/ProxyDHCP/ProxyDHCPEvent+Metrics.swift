import Telemetry

extension ProxyDHCPEvent {
    /// The label of `decision` in `disklessd_proxydhcp_requests_total`.
    var metricDecision: String {
        switch decision {
        case .answered: "answered"
        case .denied: "denied"
        case .unsupportedArchitecture: "unsupported_architecture"
        case .notForUs: "not_for_us"
        }
    }

    /// Counts the request by message type and decision (`MetricName.proxyDHCPRequests`).
    func recordMetrics() {
        Telemetry.proxyDHCPRequest(message: "\(messageType)", decision: metricDecision)
    }
}

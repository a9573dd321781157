-- Shared by the wrk scripts: a `done` that prints one RESULT line (req/s, p50/p99 in ms,
-- requests, socket errors, non-2xx, bytes received per response) for the bench scripts to parse.
return function(summary, latency, requests)
    local secs = summary.duration / 1e6
    io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d bytes_per_response=%.1f\n",
        summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.timeout, summary.errors.status, summary.bytes / math.max(1, summary.requests)))
end

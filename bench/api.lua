-- wrk script: GET the request paths listed in the file named by PATHS (one per line, cycling),
-- with "Authorization: Bearer $TOKEN". Prints one RESULT line like boot-storm.lua.
local paths = {}
for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
local headers = { ["Authorization"] = "Bearer " .. os.getenv("TOKEN") }
local i = 0

request = function()
    i = i + 1
    return wrk.format("GET", paths[(i % #paths) + 1], headers)
end

done = function(summary, latency, requests)
    local secs = summary.duration / 1e6
    io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d\n",
        summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.timeout, summary.errors.status))
end

-- wrk script: each request alternates /boot.ipxe and /boot/<mac>.ipxe, cycling over the MACs
-- listed in the file named by the MACS environment variable (one MAC per line).
local macs = {}
for line in io.lines(os.getenv("MACS")) do macs[#macs + 1] = line end
local i = 0

request = function()
    i = i + 1
    if i % 2 == 1 then return wrk.format("GET", "/boot.ipxe") end
    local mac = macs[(math.floor(i / 2) % #macs) + 1]
    return wrk.format("GET", "/boot/" .. mac .. ".ipxe")
end

done = function(summary, latency, requests)
    local secs = summary.duration / 1e6
    io.write(string.format("RESULT rps=%.0f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d\n",
        summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write
        + summary.errors.timeout, summary.errors.status))
end

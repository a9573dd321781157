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

-- wrk-result.lua sits next to this script.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "wrk-result.lua")

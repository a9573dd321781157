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

-- wrk-result.lua sits next to this script.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "wrk-result.lua")

-- wrk script: GET /healthz, the framework's floor (no database, a constant JSON body).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
done = dofile(here .. "wrk-result.lua")

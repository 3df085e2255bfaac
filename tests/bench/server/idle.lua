-- wrk script: starts QUOTA simulations per thread (each left waiting for its first answer), then
-- only asks /healthz. Used to measure the memory of many live idle simulations.
--   wrk ... -s idle.lua URL -- QUOTA RUN_TAG
local journey = "a0000000-0000-4000-8000-000000000000"
local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
   table.insert(threads, thread)
end

function init(args)
   quota = tonumber(args[1]) or 25000
   tag = args[2] or "r"
   sent, ok = 0, 0
   wrk.method = "POST"
   wrk.path = "/v1/stacks/" .. journey .. "/simulation"
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   if sent >= quota then return wrk.format("GET", "/healthz", {}, nil) end
   sent = sent + 1
   local body = string.format('{"simulation_id":"i%s-%02d-%08d","contact":{"name":"Ada"}}', tag, tid, sent)
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status == 200 and body:find('"simulation_id"', 1, true) then ok = ok + 1 end
end

function done(summary, latency, requests)
   local n = 0
   for _, t in ipairs(threads) do n = n + t:get("ok") end
   io.write(string.format("started %d idle simulations\n", n))
end

-- wrk script: every connection holds whole simulations of bench_small_linear, one after the other:
-- a start, then the three answers of tests/bench/flows/inputs.json. Each request is one
-- simulation turn. Run with as many threads as connections (one connection per thread), so that
-- the turns of one simulation go out in order on one connection.
local journey = "a0000000-0000-4000-8000-000000000000"
local inputs = { "ada lovelace", "36", "3" }
local threads = {}
local counter = 0

function setup(thread)
   counter = counter + 1
   thread:set("tid", counter)
   table.insert(threads, thread)
end

function init(args)
   sim, step, completed, errors, bad_end = 0, 0, 0, 0, 0
   wrk.method = "POST"
   wrk.path = "/v1/stacks/" .. journey .. "/simulation"
   wrk.headers["Content-Type"] = "application/json"
end

local function sim_id()
   return string.format("b%02d-%010d", tid, sim)
end

function request()
   local body
   if step == 0 then
      sim = sim + 1
      body = '{"simulation_id":"' .. sim_id() .. '","contact":{"name":"Ada","language":"eng"}}'
   else
      body = '{"simulation_id":"' .. sim_id() .. '","input":"' .. inputs[step] .. '"}'
   end
   return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
   if status ~= 200 then
      errors = errors + 1
      step = 0
      return
   end
   if step == #inputs then
      if body:find('"state":"end"', 1, true) then completed = completed + 1 else bad_end = bad_end + 1 end
      step = 0
   else
      step = step + 1
   end
end

function done(summary, latency, requests)
   local c, e, b = 0, 0, 0
   for _, t in ipairs(threads) do
      c = c + t:get("completed")
      e = e + t:get("errors")
      b = b + t:get("bad_end")
   end
   local secs = summary.duration / 1e6
   io.write(string.format("turns %d in %.2f s: %.0f turns/s; latency p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                          summary.requests, secs, summary.requests / secs,
                          latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
   io.write(string.format("simulations completed %d, not ended where expected %d, non-200 answers %d, socket errors %d\n",
                          c, b, e, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end

-- wrk script: prints one JSON line with latency percentiles and requests/s when the run is over.
-- With WRK_SERVER_TIMING=1 it also collects the Server-Timing "app" duration of every response.
-- That is a separate run: defining response() makes wrk hand every body to Lua as a string, a
-- copy that costs the load generator as much as the server spends on a 300 KB response, so
-- throughput is measured without it.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  server = {}
  non200 = 0
end

if os.getenv("WRK_SERVER_TIMING") == "1" then
  function response(status, headers, body)
    if status ~= 200 then
      non200 = non200 + 1
    end
    local timing = headers["Server-Timing"] or headers["server-timing"]
    if timing then
      local app = timing:match("app;dur=([%d%.]+)")
      if app then
        server[#server + 1] = tonumber(app)
      end
    end
  end
end

function done(summary, latency, requests)
  local all = {}
  local bad = 0
  for _, thread in ipairs(threads) do
    local samples = thread:get("server")
    for _, value in ipairs(samples) do
      all[#all + 1] = value
    end
    bad = bad + thread:get("non200")
  end
  if response == nil then
    -- Without the hook, wrk still counts answers with a status of 400 or more.
    bad = summary.errors.status
  end
  table.sort(all)
  local function pct(p)
    if #all == 0 then return -1 end
    local index = math.max(1, math.ceil(#all * p / 100))
    return all[index]
  end
  io.write(string.format(
    '{"requests": %d, "duration_s": %.3f, "rps": %.1f, "p50_ms": %.3f, "p95_ms": %.3f, ' ..
    '"p99_ms": %.3f, "errors": %d, "non200": %d, "server_p50_ms": %.3f, ' ..
    '"server_p95_ms": %.3f, "server_samples": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
      summary.errors.timeout,
    bad, pct(50), pct(95), #all))
end

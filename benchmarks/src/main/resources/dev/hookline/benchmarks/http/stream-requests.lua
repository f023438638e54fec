-- wrk script of the HTTP benchmark (HttpBenchmark writes it next to the request files).
-- Arguments after "--": the request files' prefix, the length of one request in bytes, and the
-- pace: milliseconds each connection waits after an answer before its next request (0: none).
-- Thread n sends the pre-signed raw requests of "<prefix>.<n>" in order, each exactly once, read
-- lazily from the buffered file. When a file runs out, the thread sends GET /exhausted, which the
-- server answers 404, so the round is discarded instead of repeating a delivery.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("index", #threads)
end

function init(args)
  length = tonumber(args[2])
  file = assert(io.open(args[1] .. "." .. index, "rb"))
  issued = 0
  exhausted = 0
  -- wrk looks for delay() after init, and takes the delayed path only when it is defined, so an
  -- unpaced run is the same as before pacing existed.
  local pace = tonumber(args[3])
  if pace > 0 then
    delay = function()
      return pace
    end
  end
end

function request()
  local raw = file:read(length)
  if raw == nil or #raw < length then
    exhausted = exhausted + 1
    return "GET /exhausted HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
  end
  issued = issued + 1
  return raw
end

function done(summary, latency, requests)
  local issued, exhausted = 0, 0
  for _, thread in ipairs(threads) do
    issued = issued + thread:get("issued")
    exhausted = exhausted + thread:get("exhausted")
  end
  local errors = summary.errors
  io.write(string.format(
    "hookline-wrk requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d"
      .. " issued=%d exhausted=%d p50_us=%.0f p99_us=%.0f max_us=%.0f\n",
    summary.requests, summary.duration, errors.connect, errors.read, errors.write, errors.status,
    errors.timeout, issued, exhausted, latency:percentile(50), latency:percentile(99),
    latency.max))
end

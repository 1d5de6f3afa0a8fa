-- deploy/bench/rotate.lua: our own wrk script, used by run.sh when ../shared/bench is not there (a user's clone).
-- Every request names one alliance in its Host header, walking 1..TENANTS in order from a random starting point per
-- wrk thread. It reads the same variables as the shared rotate-hosts.lua and prints the same RESULT line, so run.sh
-- reads either one.
--   HOST_TEMPLATE  a host with one %d for the alliance number, e.g. "bench-%d.localhost"; or a fixed host
--   TENANTS        how many alliances to walk through (default 1)
--   AUTH           optional API key, sent as "Authorization: Bearer AUTH"

local template = os.getenv("HOST_TEMPLATE") or "bench-1.localhost"
local tenants = math.max(1, tonumber(os.getenv("TENANTS") or "1"))
local auth = os.getenv("AUTH")

-- Requests are formatted once per thread, not once per request: the script should cost wrk as little as possible.
local prepared = {}
local position = 1

local function host_of(n)
  if template:find("%d", 1, true) then
    return (template:gsub("%%d", tostring(n)))
  end
  return template
end

function init(args)
  for n = 1, tenants do
    local headers = { ["Host"] = host_of(n) }
    if auth then headers["Authorization"] = "Bearer " .. auth end
    prepared[n] = wrk.format("GET", nil, headers)
  end
  -- Each thread has its own Lua state; the address of a fresh table differs between them, so the starts differ.
  local salt = tonumber(tostring({}):match("0x(%x+)") or "0", 16) or 0
  math.randomseed(os.time() + salt % 100003)
  position = math.random(tenants)
end

function request()
  local r = prepared[position]
  position = position % tenants + 1
  return r
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status))
end

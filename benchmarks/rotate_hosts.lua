-- wrk script: GET the URL's path, rotating the Host header over the hosts listed
-- one per line in the file given after "--"; prints a JSON summary line at the end.
local requests = {}
local index = 0

function init(args)
  for host in io.lines(args[1]) do
    if host ~= "" then
      requests[#requests + 1] = wrk.format("GET", wrk.path, { Host = host })
    end
  end
end

function request()
  index = index % #requests + 1
  return requests[index]
end

function done(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean))
end

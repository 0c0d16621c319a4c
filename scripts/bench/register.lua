-- POST /api/v1/skills/register with a new name each time.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end

local counter = 0
local headers
function init(args)
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"), ["Content-Type"] = "application/json" }
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"bench-%d-%d","version":"1.0.0","endpoints":[{"url":"http://10.200.0.1:8080","weight":1}],"capabilities":[{"name":"run","category":"bench"}]}',
    tid, counter)
  return wrk.format("POST", "/api/v1/skills/register", headers, body)
end

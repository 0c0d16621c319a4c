-- POST /api/v1/heartbeats with the prepared batch of endpoints.
local body
local headers
function init(args)
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"), ["Content-Type"] = "application/json" }
  local file = io.open(os.getenv("BENCH_DIR") .. "/batch.json")
  body = file:read("*a")
  file:close()
end

function request()
  return wrk.format("POST", "/api/v1/heartbeats", headers, body)
end

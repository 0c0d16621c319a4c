-- POST /api/v1/skills/{skill}/endpoints/{endpoint}/heartbeat over the registered endpoints.
local paths = {}
local next_index = 1
local headers
function init(args)
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN"), ["Content-Type"] = "application/json" }
  for line in io.lines(os.getenv("BENCH_DIR") .. "/endpoints.txt") do
    local skill, endpoint = line:match("(%S+) (%S+)")
    paths[#paths + 1] = "/api/v1/skills/" .. skill .. "/endpoints/" .. endpoint .. "/heartbeat"
  end
end

function request()
  local path = paths[next_index]
  next_index = next_index % #paths + 1
  return wrk.format("POST", path, headers, '{"in_flight":1,"cpu":20}')
end

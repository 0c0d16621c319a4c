-- GET /api/v1/skills/discover, paging through the registered skills and filtering by category.
local counter = 0
local headers
function init(args)
  headers = { ["Authorization"] = "Bearer " .. os.getenv("BENCH_TOKEN") }
end

function request()
  counter = counter + 1
  local path
  if counter % 2 == 0 then
    path = string.format("/api/v1/skills/discover?page=%d&page_size=20", counter % 50 + 1)
  else
    path = string.format("/api/v1/skills/discover?category=group-%d&page_size=20", counter % 10)
  end
  return wrk.format("GET", path, headers)
end

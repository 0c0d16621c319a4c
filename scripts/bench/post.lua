-- POST $BENCH_PATH with the body $BENCH_BODY, as "Authorization: Bearer $BENCH_AUTH" when it is set.
-- The request is formatted once: every connection sends the same bytes.
local req
function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  local token = os.getenv("BENCH_AUTH")
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  req = wrk.format("POST", os.getenv("BENCH_PATH") or "/", headers, os.getenv("BENCH_BODY"))
end

function request()
  return req
end

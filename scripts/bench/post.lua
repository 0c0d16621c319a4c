-- POST $BENCH_PATH with the body $BENCH_BODY (or the contents of the file $BENCH_BODY_FILE), as
-- "Authorization: Bearer $BENCH_AUTH" when it is set.
-- The request is formatted once: every connection sends the same bytes.
local req
function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  local token = os.getenv("BENCH_AUTH")
  if token and token ~= "" then headers["Authorization"] = "Bearer " .. token end
  local body = os.getenv("BENCH_BODY")
  local file = os.getenv("BENCH_BODY_FILE")
  if file and file ~= "" then
    local f = assert(io.open(file, "rb"))
    body = f:read("*a")
    f:close()
  end
  req = wrk.format("POST", os.getenv("BENCH_PATH") or "/", headers, body)
end

function request()
  return req
end

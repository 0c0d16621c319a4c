#!/usr/bin/env bash
# `make soak`: a release build of SkillHub with the echo plugin on a private PostgreSQL and Redis, under steady mixed
# traffic for SOAK_MINUTES (10); scripts/soak/run.py samples the server every 10 s and fails on growth without bound,
# any 5xx, or a p99 latency drift over 20 % (docs/reliability.md, "Soak").
#
#   SOAK_MINUTES (10)  SOAK_SCALE (1: ~38 requests/s)  SOAK_SAMPLE_SECONDS (10)  SOAK_WARMUP_SECONDS (60)  SOAK_MAX_GROWTH (0.20)
#   SOAK_DATA_DIR (.skillhub-soak)  SOAK_PG_PORT (15461)  SOAK_REDIS_PORT (16461)  SOAK_PORT (18464; its remote endpoint on 18465)
#   SOAK_SCRATCH_PATH (.build-release, the release build folder `make bench` uses)
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/stack.sh install
scratch=${SOAK_SCRATCH_PATH:-.build-release}
for product in skillhub SkillHubPluginEcho; do
    swift build -c release --scratch-path "$scratch" --product "$product" >&2
done
exec python3 scripts/soak/run.py "$(swift build -c release --scratch-path "$scratch" --show-bin-path)/skillhub"

#!/usr/bin/env bash
# `make faults`: the fault-injection matrix of docs/reliability.md ("Fault injection"). Builds SkillHub (debug) with the
# echo plugin and the misbehaving test plugin, then scripts/faults/run.py starts a private PostgreSQL and Redis, SkillHub,
# nginx and fake remote endpoints, and runs each scenario under load, killing and restarting real processes.
#
#   FAULTS_SCENARIOS   a subset, space-separated: redis postgres instance writes plugin network (default: all)
#   FAULTS_DATA_DIR (.skillhub-faults)  FAULTS_PG_PORT (15460)  FAULTS_REDIS_PORT (16460)
#   FAULTS_PORT (18461: SkillHub; nginx on 18460, the second instance on 18462, remote endpoints on 18463-18468)
#   FAULTS_OUTAGE_SECONDS (10)  FAULTS_CRASH_ROUNDS (3)  FAULTS_PLUGIN_CRASHES (3)  FAULTS_LOG_LEVEL (warning: the servers' LOG_LEVEL)
#   SKILLHUB_SCRATCH_PATH      a build folder other than .build
# Exits 1 when a scenario misses its target. About 4 minutes after the build.
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/stack.sh install nginx
build_flags=(${SKILLHUB_SCRATCH_PATH:+--scratch-path "$SKILLHUB_SCRATCH_PATH"})
for product in skillhub SkillHubPluginEcho SkillHubTestPluginMisbehaving; do
    swift build "${build_flags[@]}" --product "$product" >&2
done
binary="$(swift build "${build_flags[@]}" --show-bin-path)/skillhub"
# shellcheck disable=SC2086  # the scenario names are words
exec python3 scripts/faults/run.py "$binary" ${FAULTS_SCENARIOS:-}

#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets in Tests/Fuzz with the fuzzer and AddressSanitizer, then runs each
# for FUZZ_SECONDS (60) on a copy of its committed corpus, and prints a table: executions, new inputs, peak
# memory, and any crash (its input is kept under $FUZZ_DIR/crashes/). Fails when a target crashed.
#
# FUZZ_TARGETS picks targets (default: all); FUZZ_DIR (.skillhub-fuzz) holds the corpora grown by the run and the
# crashes; FUZZ_SCRATCH_PATH (.build-fuzz) the build. `make test` runs it with FUZZ_SECONDS=5.
# To replay one input: FuzzJSON path/to/input (the binaries are in $FUZZ_SCRATCH_PATH/debug).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-60}
work=${FUZZ_DIR:-.skillhub-fuzz}
scratch=${FUZZ_SCRATCH_PATH:-.build-fuzz}
all_targets=(FuzzJSON FuzzJSONSchema FuzzRESP FuzzPluginFrame FuzzSQLSplitter FuzzEndpointResponse FuzzDotEnv FuzzURLs FuzzChunker)
read -r -a targets <<< "${FUZZ_TARGETS:-${all_targets[*]}}"

# The targets exist only in this build (Package.swift declares them when SKILLHUB_FUZZ=1).
# One -sanitize list: swiftc keeps only the last -sanitize option (`--sanitize=fuzzer --sanitize=address` would compile
# the libraries without coverage); SwiftPM's --sanitize=fuzzer adds -parse-as-library to the targets' executables.
build=(env SKILLHUB_FUZZ=1 swift build --scratch-path "$scratch" --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address)
mkdir -p "$work/crashes" "$work/logs"
for target in "${targets[@]}"; do
    echo "[fuzz] building $target" >&2
    if ! "${build[@]}" --product "$target" > "$work/logs/build-$target.log" 2>&1; then
        # ld.gold warns once per ASan check symbol it cannot export: noise, not news.
        grep -v "Cannot export local symbol" "$work/logs/build-$target.log" | tail -30 >&2
        echo "[fuzz] $target did not build" >&2
        exit 1
    fi
done
bin=$("${build[@]}" --show-bin-path)

# The Swift runtime's crash backtracer reads the crashed thread's stack, which AddressSanitizer reports as an underflow:
# libFuzzer reports the crash (and keeps its input) itself.
export SWIFT_BACKTRACE=enable=no
# LeakSanitizer stays on: memory no longer reachable when an input is done (or at exit) is a crash.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
failed=0
rows=()
for target in "${targets[@]}"; do
    corpus="$work/corpus/$target"
    mkdir -p "$corpus"
    log="$work/logs/$target.log"
    echo "[fuzz] $target for ${seconds} s" >&2
    # New inputs go to the first folder (the work copy); the committed seeds and regression inputs are read
    # from the second and all run first, so an input that crashed once fails at once if the bug returns.
    seeds=("Tests/Fuzz/Corpus/$target")
    # The SQL splitter also starts from the real migrations, read where they are.
    if [ "$target" = FuzzSQLSplitter ]; then seeds+=(migrations); fi
    status=0
    "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$work/crashes/$target-" "$corpus" "${seeds[@]}" > "$log" 2>&1 || status=$?
    stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
    if [ "$status" -eq 0 ]; then
        verdict=ok
    else
        verdict="CRASH (exit $status): $(ls -t "$work/crashes/$target-"* 2>/dev/null | head -1)"
        failed=1
        grep -m 3 -E "ERROR:|Fatal error|invariant broken|deadly signal" "$log" >&2 || tail -20 "$log" >&2
    fi
    rows+=("$(printf '%-22s %12s %8s %10s %8s  %s' "$target" "$(stat number_of_executed_units)" \
        "$(stat average_exec_per_sec)" "$(stat new_units_added)" "$(stat peak_rss_mb)" "$verdict")")
done

printf '%-22s %12s %8s %10s %8s  %s\n' target executions "exec/s" "new inputs" "RSS MiB" result
printf '%s\n' "${rows[@]}"
exit "$failed"

#!/usr/bin/env python3
"""`make soak`: steady mixed traffic against one SkillHub for SOAK_MINUTES (10), sampling the server every
SOAK_SAMPLE_SECONDS (10). scripts/soak/soak.sh builds the release binary and calls this:

    run.py BINARY

Traffic, per second (SOAK_SCALE multiplies every rate): 15 invokes of the in-process echo plugin, 10 of a
remote skill (a loopback endpoint), 5 single-endpoint heartbeats, 1 batch heartbeat of 200 endpoints,
2 registrations (upserts over 200 skills), 1 registration of a new skill or deletion of the last new one
(churn), 2 discovery pages, 0.4 token issuances (rate limits on, as in production: 30 a minute per key).

Samples: the server's RSS and open file descriptors (/proc), PostgreSQL connections to its database
(pg_stat_activity) and Redis clients (INFO clients). Fails when
  - any answer is a 5xx (or no answer came),
  - a sample series grows without bound: its least-squares slope after the warm-up (the first SOAK_WARMUP_SECONDS,
    default 60) would add more than SOAK_MAX_GROWTH (20 %) of its mean in an hour, and at least 1 unit
    per hour for the counts (RSS: 8 MiB); PostgreSQL and Redis connections that stay within the pools' sizes
    (+2 and +4: the listener and subscriber connections) pass, since pools open connections lazily up to them,
  - the p99 latency of the last part (the last 20 % of the run) is more than 20 % above or below the first
    part's (the 20 % after the warm-up).
Prints the samples, the slopes per hour and the latency table."""
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "faults"))
from harness import API, ROOT, Load, Server, Stack, bearer, log, make_account, percentile, random_key, summarise_failures  # noqa: E402
from upstreams import Upstream  # noqa: E402

MINUTES = float(os.environ.get("SOAK_MINUTES", "10"))
SAMPLE = float(os.environ.get("SOAK_SAMPLE_SECONDS", "10"))
WARMUP = float(os.environ.get("SOAK_WARMUP_SECONDS", "60"))
SCALE = float(os.environ.get("SOAK_SCALE", "1"))
MAX_GROWTH = float(os.environ.get("SOAK_MAX_GROWTH", "0.20"))
MAX_DRIFT = 0.20
UPSERTED = 200
POSTGRES_POOL = 8
REDIS_POOL = 16


def say(message):
    log("soak", message)


def slope(points):
    """Least-squares slope of (x, y) points."""
    n = len(points)
    if n < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return 0.0 if spread == 0 else sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def machine_load():
    """The machine's 1-minute load average: shown beside the figures (the machine is shared), never judged."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])


class Sampler(threading.Thread):
    def __init__(self, server, stack):
        super().__init__(daemon=True)
        self.server, self.stack = server, stack
        self.samples = []  # (seconds since start, {series: value})
        self.stopping = threading.Event()
        self.started = time.monotonic()

    def run(self):
        while True:
            self.samples.append((time.monotonic() - self.started, {
                "rss_mib": self.server.rss_kib() / 1024, "open_fds": self.server.open_fds(),
                "postgres_connections": self.stack.postgres_connections(), "redis_clients": self.stack.redis_clients(),
                "machine_load": machine_load(), "server_cpu_seconds": self.server.cpu_seconds(),
            }))
            if self.stopping.wait(SAMPLE):
                return


def traffic(load, credentials, skill_ids, endpoint_ids):
    user, service = bearer(credentials.user_token), bearer(credentials.service_token)
    churned = []

    def rate(value):
        return value * SCALE

    load.add("invoke plugin", rate(15), lambda i: ("POST", "/api/v1/skills/echo/invoke", {"capability": "echo", "input": {"n": i}}, user), workers=3)
    load.add("invoke remote", rate(10), lambda i: ("POST", "/api/v1/skills/soak-remote/invoke", {"capability": "call", "input": {"n": i}}, user), workers=3)
    load.add("heartbeat", rate(5), lambda i: ("POST", f"/api/v1/skills/{skill_ids[i % UPSERTED]}/endpoints/{endpoint_ids[i % UPSERTED]}/heartbeat", {"in_flight": i % 4}, service))
    load.add("heartbeat batch", rate(1), lambda i: ("POST", "/api/v1/heartbeats", {"heartbeats": [{"endpoint_id": e, "in_flight": 1} for e in endpoint_ids]}, service))
    load.add("register", rate(2), lambda i: ("POST", "/api/v1/skills/register", upsert(i % UPSERTED), service))

    def churn(i):
        if i % 2 == 1 and churned:
            return "DELETE", f"/api/v1/skills/{churned.pop()}", None, service
        return "POST", "/api/v1/skills/register", {"name": f"soak-churn-{i}", "version": "1.0.0", "capabilities": [{"name": "run"}],
                                                   "endpoints": [{"url": f"http://10.5.{i // 250 % 250}.{i % 250 + 1}:8080"}]}, service

    def on_churn(i, outcome):
        if outcome.ok and isinstance(outcome.body, dict) and "data" in outcome.body:
            churned.append(outcome.body["data"]["skill_id"])

    load.add("register/delete new", rate(1), churn, on_outcome=on_churn)
    load.add("discover", rate(2), lambda i: ("GET", f"/api/v1/skills/discover?page={i % 5 + 1}&page_size=20", None, service))
    load.add("token", min(rate(0.4), 0.45), lambda i: ("POST", "/api/v1/auth/token", None, {"X-API-Key": credentials.service_key}))


def upsert(k):
    return {"name": f"soak-{k}", "version": "1.0.0", "description": "soak skill", "capabilities": [{"name": "run", "category": f"group-{k % 10}"}],
            "endpoints": [{"url": f"http://10.4.{k // 250}.{k % 250 + 1}:8080", "ephemeral": False}]}


def main():
    binary = os.path.abspath(sys.argv[1])
    directory = os.environ.get("SOAK_DATA_DIR", ".skillhub-soak")
    port = int(os.environ.get("SOAK_PORT", "18464"))
    stack = Stack(directory, int(os.environ.get("SOAK_PG_PORT", "15461")), int(os.environ.get("SOAK_REDIS_PORT", "16461")))
    stack.wipe()
    work = os.path.join(ROOT, directory, "work")
    os.makedirs(work, exist_ok=True)
    stack.start()
    root_key = random_key()
    server = Server(binary, port, stack, os.path.join(work, "server.log"), root_key, random_key(), plugins="echo",
                    environment={"RATE_LIMIT_ENABLED": "true", "DATABASE_POOL_SIZE": str(POSTGRES_POOL), "REDIS_MAX_CONNECTIONS": str(REDIS_POOL)})
    upstream = Upstream(port + 1, "good")
    try:
        server.migrate()
        server.start()
        credentials = make_account(server.url, root_key, "soak")
        service = API(server.url, credentials.service_token)
        service.call("POST", "/api/v1/skills/register", {"name": "soak-remote", "version": "1.0.0", "capabilities": [{"name": "call"}],
                                                         "endpoints": [{"url": upstream.url, "ephemeral": False}]})
        registered = [service.call("POST", "/api/v1/skills/register", upsert(k))["data"] for k in range(UPSERTED)]
        skill_ids = [r["skill_id"] for r in registered]
        endpoint_ids = [r["endpoints"][0]["endpoint_id"] for r in registered]
        load = Load("127.0.0.1", port, timeout=30)
        traffic(load, credentials, skill_ids, endpoint_ids)
        sampler = Sampler(server, stack)
        say(f"{MINUTES:g} minutes of mixed traffic against pid {server.pid} (samples every {SAMPLE:g} s)")
        started = time.monotonic()
        sampler.start()
        load.start()
        duration = MINUTES * 60
        while time.monotonic() - started < duration:
            time.sleep(min(60, duration - (time.monotonic() - started)))
            last = sampler.samples[-1]
            say(f"{(time.monotonic() - started) / 60:.1f} min: {len(load.outcomes):,} requests, "
                + ", ".join(f"{k} {v:.1f}" for k, v in last[1].items()))
        load.stop()
        sampler.stopping.set()
        sampler.join()
        alive = server.process.poll() is None
    finally:
        server.stop()
        upstream.close()
        stack.stop()
    return report(load, sampler, started, duration, alive)


def report(load, sampler, started, duration, alive):
    failures = []
    outcomes = load.outcomes
    errors = [o for o in outcomes if o.status >= 500 or o.status == 0]
    print(f"\n## Soak: {duration / 60:g} minutes, {len(outcomes):,} requests ({len(outcomes) / duration:.1f}/s), "
          f"{len(errors)} answered 5xx or not at all, {sum(1 for o in outcomes if 400 <= o.status < 500)} 4xx")
    if errors:
        failures.append(f"{len(errors)} 5xx or unanswered: {summarise_failures(errors)}")
    if not alive:
        failures.append("the server died")

    print("\n| series | first | last | min | max | slope per hour (after the warm-up) | limit | verdict |")
    print("|---|---|---|---|---|---|---|---|")
    floors = {"rss_mib": 8.0}
    # Pools open connections lazily, up to their size: a step up to the bound is not growth without one.
    bounds = {"postgres_connections": POSTGRES_POOL + 2, "redis_clients": REDIS_POOL + 4}
    for series in sampler.samples[0][1]:
        if series in ("machine_load", "server_cpu_seconds"):
            continue
        values = [(t, s[series]) for t, s in sampler.samples]
        fitted = [(t, v) for t, v in values if t >= WARMUP]
        per_hour = slope(fitted) * 3600
        mean = sum(v for _, v in fitted) / max(1, len(fitted))
        limit = max(MAX_GROWTH * mean, floors.get(series, 1.0))
        ys = [v for _, v in values]
        bounded = series in bounds and max(ys) <= bounds[series]
        ok = per_hour <= limit or bounded
        if not ok:
            failures.append(f"{series} grows {per_hour:+.1f} per hour (limit {limit:.1f})")
        bound = f" (or at most {bounds[series]})" if series in bounds else ""
        print(f"| {series} | {ys[0]:.1f} | {ys[-1]:.1f} | {min(ys):.1f} | {max(ys):.1f} | {per_hour:+.2f} | {limit:.1f}{bound} | {'pass' if ok else '**FAIL**'} |")

    first = (started + WARMUP, started + WARMUP + 0.2 * duration)
    last = (started + 0.8 * duration, started + duration)
    print("\n| requests | count | p50 | p99 first part | p99 last part | drift |")
    print("|---|---|---|---|---|---|")
    kinds = sorted({o.kind for o in outcomes})
    for kind in kinds + ["all"]:
        chosen = [o for o in outcomes if kind in ("all", o.kind)]
        p99_first = percentile([o.ended - o.started for o in chosen if first[0] <= o.started < first[1]], 0.99)
        p99_last = percentile([o.ended - o.started for o in chosen if last[0] <= o.started < last[1]], 0.99)
        drift = (p99_last - p99_first) / p99_first if p99_first and p99_last is not None else None
        p50 = percentile([o.ended - o.started for o in chosen], 0.5)
        marker = ""
        if kind == "all" and drift is not None and abs(drift) > MAX_DRIFT:
            failures.append(f"p99 drifted {drift:+.0%} (first part {p99_first * 1000:.1f} ms, last {p99_last * 1000:.1f} ms)")
            marker = " **FAIL**"
        print(f"| {kind} | {len(chosen):,} | {_ms(p50)} | {_ms(p99_first)} | {_ms(p99_last)} | {'-' if drift is None else f'{drift:+.0%}'}{marker} |")

    # The server's CPU, for sizing (the Kubernetes requests and limits): shown, never judged.
    cpu = [(t, s["server_cpu_seconds"]) for t, s in sampler.samples]
    used = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in zip(cpu, cpu[1:]) if b[0] > a[0]]
    if used:
        total = cpu[-1][1] - cpu[0][1]
        print(f"\nThe server's CPU: mean {total / (cpu[-1][0] - cpu[0][0]):.3f} cores, max {max(used):.3f} over a sample; "
              f"{total * 1000 / max(1, len(outcomes)):.2f} ms per request")
    loads = [s["machine_load"] for _, s in sampler.samples]
    print(f"\nThe machine's load average (1 min) meanwhile: mean {sum(loads) / len(loads):.1f}, min {min(loads):.1f}, max {max(loads):.1f}")
    print("\nSamples (s: rss MiB, fds, PostgreSQL connections, Redis clients, load average): "
          + "; ".join(f"{t:.0f}: {s['rss_mib']:.1f}, {s['open_fds']}, {s['postgres_connections']}, {s['redis_clients']}, {s['machine_load']:.1f}" for t, s in sampler.samples))
    print("\nverdict: " + ("pass" if not failures else "FAIL — " + "; ".join(failures)))
    return 0 if not failures else 1


def _ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.1f} ms"


if __name__ == "__main__":
    sys.exit(main())

"""The fault scenarios of `make faults`. Each takes the run's Context, injects one fault for real under a
constant load, checks the data afterwards and returns a Row: requests sent, failed, what was checked,
and whether the targets were met."""
import dataclasses
import os
import random
import subprocess
import threading
import time
from dataclasses import dataclass, field

from harness import API, Client, bearer, log, percentile, summarise_failures, wait_until
from upstreams import Upstream

OUTAGE = float(os.environ.get("FAULTS_OUTAGE_SECONDS", "10"))


@dataclass
class Row:
    scenario: str
    sent: int = 0
    failed: int = 0
    checked: str = ""
    target: str = ""
    passed: bool = False
    notes: list = field(default_factory=list)


def say(message):
    log("faults", message)


def invoke_echo(context):
    return lambda i: ("POST", "/api/v1/skills/echo/invoke", {"capability": "echo", "input": {"n": i}}, bearer(context.credentials.user_token))


def invoke_remote(context, name="faults-remote", extra=None):
    return lambda i: ("POST", f"/api/v1/skills/{name}/invoke", {"capability": "call", "input": {"n": i}, **(extra or {})},
                      bearer(context.credentials.user_token))


def heartbeat(context):
    skill, endpoint = context.remote_skill_id, context.remote_endpoint_id
    return lambda i: ("POST", f"/api/v1/skills/{skill}/endpoints/{endpoint}/heartbeat", {"in_flight": 0},
                      bearer(context.credentials.service_token))


def ready_probe(i):
    return "GET", "/ready", None, {}


def ready_names(outcome, dependency):
    """Whether a /ready answer is a 503 whose checks mark `dependency` failed and whose errors say why."""
    body = outcome.body if isinstance(outcome.body, dict) else {}
    return outcome.status == 503 and (body.get("checks") or {}).get(dependency) == "failed" and bool((body.get("errors") or {}).get(dependency))


class Probe:
    """Keeps the /ready answers (with bodies) of a load's ready stream."""

    def __init__(self):
        self.answers = []

    def __call__(self, index, outcome):
        self.answers.append(dataclasses.replace(outcome))  # the load drops the body after this call

    def during(self, since, until, dependency, row):
        """Of the probes begun from `since` and answered before `until` (a probe may wait up to 3 s on a check: one
        begun before a restart can find the dependency back): how many named `dependency`, how many there were, and
        their median answer time. What the others answered goes to the row's notes."""
        answers = [o for o in self.answers if since <= o.started and o.ended < until]
        others = [o for o in answers if not ready_names(o, dependency)]
        if others:
            row.notes.append("/ready during the outage: " + "; ".join(f"{o.status} {o.body}" for o in others))
        return len(answers) - len(others), len(answers), percentile([o.ended - o.started for o in answers], 0.5)


def dependency_load(context, probe):
    """Invokes of the echo plugin and of a remote skill (both known to the registry cache), /ready probes."""
    load = context.load(context.primary)
    load.add("invoke plugin", 20, invoke_echo(context), workers=2)
    load.add("invoke remote", 10, invoke_remote(context), workers=2)
    load.add("ready", 2, ready_probe, on_outcome=probe)
    return load


def outage(context, load, take_down, what):
    """Runs the load: 5 s, `take_down()`, OUTAGE seconds, the stack started again, 15 s. Returns (down at, back at):
    when `take_down` was called, and when starting the stack again began (it may accept connections from then)."""
    load.start()
    time.sleep(5)
    down_at = time.monotonic()
    take_down()
    say(f"{what}; down for {OUTAGE:.0f} s")
    time.sleep(OUTAGE)
    back_at = time.monotonic()
    context.stack.start()
    say(f"started again in {time.monotonic() - back_at:.1f} s")
    time.sleep(15)
    load.stop()
    return down_at, back_at


def redis_killed(context):
    """Redis SIGKILLed for OUTAGE seconds, then started again; SkillHub is not restarted."""
    row = Row("Redis SIGKILL 10 s", target="0 failed invokes; heartbeats 2xx or 503/1008 only; /ready names redis; recovers without restart")
    server = context.primary
    pid_before = server.pid
    probe = Probe()
    load = dependency_load(context, probe)
    load.add("heartbeat", 5, heartbeat(context))
    killed_at, restarted_at = outage(context, load, context.stack.kill_redis, "redis-server killed (SIGKILL)")

    invokes = load.of("invoke plugin") + load.of("invoke remote")
    beats = load.of("heartbeat")
    beats_during = load.of("heartbeat", killed_at, restarted_at)
    bad_beats = [o for o in beats if not o.ok and not (o.status == 503 and o.code == 1008)]
    slow_refusals = [o for o in beats if o.status == 503 and o.ended - o.started > 2.5]
    first_beat_back = min((o.ended for o in beats if o.ok and o.started >= restarted_at), default=None)
    beats_after = load.of("heartbeat", restarted_at + 10)
    named, probes, probe_median = probe.during(killed_at + 1, restarted_at, "redis", row)
    ready_back = min((o.ended for o in probe.answers if o.status == 200 and o.started >= restarted_at), default=None)
    row.sent = len(invokes) + len(beats)
    row.failed = sum(1 for o in invokes if not o.ok) + sum(1 for o in beats if not o.ok)
    refused = sum(1 for o in beats_during if o.status == 503)
    row.checked = (f"invokes {len(invokes)}, failed {sum(1 for o in invokes if not o.ok)}; heartbeats {len(beats)}: "
                   f"{refused} refused 503/1008 during the outage (p99 {_ms(percentile([o.ended - o.started for o in beats_during], 0.99))}), "
                   f"{len(bad_beats)} other failures; /ready named redis in {named}/{probes} "
                   f"(answered in {_ms(probe_median)} at the median); "
                   f"heartbeats back {_after(first_beat_back, restarted_at)}, /ready back {_after(ready_back, restarted_at)} after restart; same pid: {server.pid == pid_before}")
    row.passed = (all(o.ok for o in invokes) and not bad_beats and not slow_refusals and named == probes > 0
                  and first_beat_back is not None and all(o.ok for o in beats_after) and ready_back is not None
                  and server.pid == pid_before and server.process.poll() is None)
    if not all(o.ok for o in invokes):
        row.notes.append("invoke failures: " + summarise_failures(invokes))
    if bad_beats or slow_refusals:
        row.notes.append("heartbeat failures: " + summarise_failures(bad_beats + slow_refusals))
    return row


def postgres_stopped(context):
    """PostgreSQL stopped (pg_ctl -m fast) for OUTAGE seconds, then started again."""
    row = Row("PostgreSQL stopped 10 s", target="0 failed invokes; writes 2xx or 503/1008 within 2.5 s; 0 acknowledged writes lost; recovers without restart")
    server = context.primary
    pid_before = server.pid
    acknowledged = []
    run = context.run_id

    def register(i):
        return ("POST", "/api/v1/skills/register",
                {"name": f"pg-{run}-{i}", "version": "1.0.0", "endpoints": [{"url": f"http://10.8.{i // 250 % 250}.{i % 250 + 1}:8080", "ephemeral": False}],
                 "capabilities": [{"name": "call"}]}, bearer(context.credentials.service_token))

    def on_write(i, outcome):
        if outcome.ok:
            acknowledged.append(f"pg-{run}-{i}")

    probe = Probe()
    load = dependency_load(context, probe)
    load.add("write", 5, register, workers=2, on_outcome=on_write)
    stopped_at, restarted_at = outage(context, load, context.stack.stop_postgres, "PostgreSQL stopped (pg_ctl -m fast)")

    invokes = load.of("invoke plugin") + load.of("invoke remote")
    writes = load.of("write")
    during = load.of("write", stopped_at, restarted_at)
    bad_writes = [o for o in writes if not o.ok and not (o.status == 503 and o.code == 1008 and o.error)]
    slow_refusals = [o for o in writes if o.status == 503 and o.ended - o.started > 2.5]
    first_write_back = min((o.ended for o in writes if o.ok and o.started >= restarted_at), default=None)
    writes_after = load.of("write", restarted_at + 10)
    # From 3 s in: a fast shutdown takes a moment to end the sessions.
    named, probes, probe_median = probe.during(stopped_at + 3, restarted_at, "postgres", row)
    present = _present(context, "skills", "name", acknowledged)
    lost = len(acknowledged) - present
    refusals = [o.ended - o.started for o in during if o.status == 503]
    row.sent = len(invokes) + len(writes)
    row.failed = sum(1 for o in invokes if not o.ok) + sum(1 for o in writes if not o.ok)
    row.checked = (f"invokes {len(invokes)}, failed {sum(1 for o in invokes if not o.ok)}; writes {len(writes)}: {len(refusals)} refused 503/1008 "
                   f"(p50 {_ms(percentile(refusals, 0.5))}, max {_ms(max(refusals, default=None))}), {len(bad_writes)} other failures; "
                   f"acknowledged {len(acknowledged)}, present after {present}, lost {lost}; /ready named postgres in {named}/{probes} "
                   f"(answered in {_ms(probe_median)} at the median); "
                   f"writes back {_after(first_write_back, restarted_at)} after restart; same pid: {server.pid == pid_before}")
    row.passed = (all(o.ok for o in invokes) and not bad_writes and not slow_refusals and lost == 0 and first_write_back is not None
                  and all(o.ok for o in writes_after) and named == probes > 0 and server.pid == pid_before)
    if not all(o.ok for o in invokes):
        row.notes.append("invoke failures: " + summarise_failures(invokes))
    if bad_writes or slow_refusals:
        row.notes.append("write failures: " + summarise_failures(bad_writes + slow_refusals))
    return row


NGINX_CONF = """worker_processes 1;
user root;
error_log {dir}/error.log warn;
pid {dir}/nginx.pid;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
    upstream skillhub {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=10s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=10s;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://skillhub;
            proxy_http_version 1.1;
            proxy_connect_timeout 2s;
            proxy_read_timeout 30s;
        }}
    }}
}}
"""


def instance_killed(context):
    """Two instances behind nginx; the one holding the sweeper lease is SIGKILLed under load."""
    row = Row("1 of 2 instances SIGKILL behind nginx", target="failures only for requests in flight on the killed instance; 0 after; lease moves to the survivor")
    a = context.primary
    lease_key = "skillhub:lock:health-sweeper"
    wait_until(lambda: context.stack.redis("GET", lease_key), 20)
    holder = context.stack.redis("GET", lease_key)
    b = context.server(context.ports["b"], "b")
    b.start()
    directory = os.path.join(context.work, "nginx")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "nginx.conf"), "w") as f:
        f.write(NGINX_CONF.format(dir=directory, a=a.port, b=b.port, port=context.ports["nginx"]))
    nginx = subprocess.Popen(["nginx", "-p", directory, "-c", os.path.join(directory, "nginx.conf"), "-g", "daemon off;"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        if wait_until(lambda: Client("127.0.0.1", context.ports["nginx"], 2).send("x", "GET", "/health").ok, 10) is None:
            raise RuntimeError("nginx did not start")
        load = context.load(port=context.ports["nginx"])
        load.add("invoke plugin", 30, invoke_echo(context), workers=3)
        load.add("invoke slow remote", 10, invoke_remote(context, "faults-slow"), workers=4)
        load.start()
        time.sleep(8)
        still_holder = context.stack.redis("GET", lease_key) == holder
        killed_at = time.monotonic()
        a.kill()
        say(f"instance A (pid {a.process.pid}, port {a.port}, sweeper lease holder: {still_holder}) killed (SIGKILL)")
        moved = wait_until(lambda: context.stack.redis("GET", lease_key) not in ("", holder), 40, 0.2)
        time.sleep(max(0.0, 12 - (time.monotonic() - killed_at)))
        load.stop()
    finally:
        nginx.terminate()
        nginx.wait(10)
    outcomes = load.of("invoke plugin") + load.of("invoke slow remote")
    in_flight = [o for o in outcomes if o.started < killed_at <= o.ended]
    failed_in_flight = [o for o in outcomes if not o.ok and o.started < killed_at]
    failed_after = [o for o in outcomes if not o.ok and o.started >= killed_at]
    row.sent = len(outcomes)
    row.failed = sum(1 for o in outcomes if not o.ok)
    row.checked = (f"in flight at the kill {len(in_flight)} (on both instances), of which failed {len(failed_in_flight)}; failed after the kill {len(failed_after)}; "
                   f"lease held by A before: {still_holder}, moved to B {_secs(moved)} after the kill")
    row.passed = still_holder and not failed_after and len(failed_in_flight) <= len(in_flight) and moved is not None
    if failed_in_flight or failed_after:
        row.notes.append("failures: " + summarise_failures(failed_in_flight + failed_after))
    b.stop()
    a.start()
    return row


def crash_during_writes(context):
    """Registrations and endpoint additions from concurrent writers; SkillHub SIGKILLed at a random moment."""
    rounds = int(os.environ.get("FAULTS_CRASH_ROUNDS", "3"))
    row = Row(f"SkillHub SIGKILL during writes (×{rounds})", target="every write answered 2xx is present after restart (0 lost)")
    service = bearer(context.credentials.service_token)
    api = API(context.primary.url, context.credentials.service_token)
    totals = {"sent": 0, "acked": 0, "lost": 0, "unacked_present": 0, "refused": 0}
    for round_number in range(rounds):
        tag = f"{context.run_id}r{round_number}"
        bases = [api.call("POST", "/api/v1/skills/register", {"name": f"crash-base-{tag}-{k}", "version": "1.0.0", "capabilities": [{"name": "call"}]})["data"]["skill_id"]
                 for k in range(8)]
        skills_acked, endpoints_acked = [], []

        def register(i):
            return ("POST", "/api/v1/skills/register",
                    {"name": f"crash-{tag}-{i}", "version": "1.0.0", "endpoints": [{"url": f"http://10.7.{i // 250 % 250}.{i % 250 + 1}:8080", "ephemeral": False}],
                     "capabilities": [{"name": "call"}]}, service)

        def add_endpoint(i):
            return ("POST", f"/api/v1/skills/{bases[i % len(bases)]}/endpoints", {"url": _endpoint_url(tag, i), "ephemeral": False}, service)

        load = context.load(context.primary, timeout=5)
        load.add("register", 40, register, workers=4, on_outcome=lambda i, o: o.ok and skills_acked.append(f"crash-{tag}-{i}"))
        load.add("endpoint", 40, add_endpoint, workers=4, on_outcome=lambda i, o: o.ok and endpoints_acked.append(_endpoint_url(tag, i)))
        load.start()
        delay = random.uniform(1.5, 6.0)
        time.sleep(delay)
        context.primary.kill()
        say(f"round {round_number + 1}: SkillHub killed (SIGKILL) {delay:.2f} s into the writes")
        time.sleep(1)
        load.stop()
        context.primary.start()
        sent_names = [f"crash-{tag}-{i}" for i in range(len(load.of("register")) + 8)]
        sent_urls = [_endpoint_url(tag, i) for i in range(len(load.of("endpoint")) + 8)]
        skills_present = _present(context, "skills", "name", skills_acked)
        endpoints_present = _present(context, "endpoints", "url", endpoints_acked)
        all_present = _present(context, "skills", "name", sent_names) + _present(context, "endpoints", "url", sent_urls)
        acked = len(skills_acked) + len(endpoints_acked)
        totals["sent"] += len(load.outcomes)
        totals["acked"] += acked
        totals["lost"] += acked - skills_present - endpoints_present
        totals["unacked_present"] += all_present - skills_present - endpoints_present
        totals["refused"] += sum(1 for o in load.outcomes if not o.ok)
    row.sent = totals["sent"]
    row.failed = totals["refused"]
    row.checked = (f"acknowledged {totals['acked']} (skills and endpoints), lost {totals['lost']}; not acknowledged but committed "
                   f"{totals['unacked_present']} (answer lost with the process: allowed)")
    row.passed = totals["lost"] == 0 and totals["acked"] > 0
    return row


def _endpoint_url(tag, i):
    return f"http://10.6.{i // 250 % 250}.{i % 250 + 1}:9000/{tag}/{i}"


def plugin_crash(context):
    """The isolated `misbehaving` plugin made to crash (SIGSEGV) under load, FAULTS_PLUGIN_CRASHES times."""
    crashes = int(os.environ.get("FAULTS_PLUGIN_CRASHES", "3"))
    row = Row(f"isolated plugin SIGSEGV under load (×{crashes})", target="0 failures on other skills; only in-flight calls of the plugin fail (502) or are refused while it restarts (503/1008); it restarts")
    root = API(context.primary.url, context.root_key)

    def restarts():
        plugins = root.call("GET", "/api/v1/admin/plugins")["result"]["plugins"]
        return next(p["restarts"] for p in plugins if p["name"] == "misbehaving")

    before = restarts()
    user = bearer(context.credentials.user_token)
    load = context.load(context.primary)
    load.add("invoke echo", 20, invoke_echo(context), workers=2)
    load.add("invoke remote", 10, invoke_remote(context), workers=2)
    load.add("invoke misbehaving", 10, lambda i: ("POST", "/api/v1/skills/misbehaving/invoke", {"capability": "twice", "input": {"n": i}}, user), workers=2)
    load.start()
    hung, crashed, windows = [], [], []
    for _ in range(crashes):
        time.sleep(4)
        threads = []
        for _ in range(3):  # calls that never end on their own: in flight when the plugin dies
            def hang():
                hung.append(Client("127.0.0.1", context.primary.port, 30).send(
                    "hang", "POST", "/api/v1/skills/misbehaving/invoke", {"capability": "hang", "timeout_ms": 20000}, user))
            threads.append(threading.Thread(target=hang))
            threads[-1].start()
        time.sleep(0.5)
        crash_at = time.monotonic()
        crashed.append(Client("127.0.0.1", context.primary.port, 30).send("crash", "POST", "/api/v1/skills/misbehaving/invoke", {"capability": "crash"}, user))
        for thread in threads:
            thread.join(30)
        back = wait_until(lambda: Client("127.0.0.1", context.primary.port, 5).send(
            "probe", "POST", "/api/v1/skills/misbehaving/invoke", {"capability": "twice", "input": {}}, user).ok, 30, 0.05)
        windows.append((crash_at, crash_at + (back if back is not None else 30)))
        say(f"misbehaving crashed; answering again after {_secs(back)}")
    time.sleep(3)
    load.stop()
    after = restarts()

    others = load.of("invoke echo") + load.of("invoke remote")
    plugin_calls = load.of("invoke misbehaving")
    in_window = lambda o: any(start - 0.5 <= o.ended and o.started <= end + 0.5 for start, end in windows)
    expected = [o for o in plugin_calls if not o.ok and in_window(o) and (o.status, o.code) in ((502, 1014), (503, 1008))]
    unexpected = [o for o in plugin_calls if not o.ok and o not in expected]
    hung_ok = [o for o in hung if o.status == 502 and "signal 11" in o.error]
    crash_ok = [o for o in crashed if o.status == 502 and "signal 11" in o.error]
    row.sent = len(others) + len(plugin_calls) + len(hung) + len(crashed)
    row.failed = sum(1 for o in others + plugin_calls + hung + crashed if not o.ok)
    row.checked = (f"other skills {len(others)} calls, failed {sum(1 for o in others if not o.ok)}; plugin calls {len(plugin_calls)}: "
                   f"{sum(1 for o in expected if o.status == 502)} failed 502 in flight, {sum(1 for o in expected if o.status == 503)} refused 503 while restarting, "
                   f"{len(unexpected)} other failures; hanging calls in flight {len(hung)}, failed 502 naming SIGSEGV {len(hung_ok)}; "
                   f"crashing calls {len(crashed)} (502 SIGSEGV {len(crash_ok)}); restarts {before} → {after}; "
                   f"back after {', '.join(_ms(end - start) for start, end in windows)}")
    row.passed = (all(o.ok for o in others) and not unexpected and len(hung_ok) == len(hung) and len(crash_ok) == len(crashed)
                  and after - before == crashes)
    if not all(o.ok for o in others) or unexpected:
        row.notes.append("unexpected failures: " + summarise_failures([o for o in others if not o.ok] + unexpected))
    return row


def network(context):
    """A remote skill with a good endpoint and a faulty one; the dispatcher must time out, retry on the good
    one (idempotent capability) and eject the faulty one after 5 consecutive failures."""
    rows = []
    good = context.upstreams["good"]
    cases = [
        ("black hole (per-try 300 ms)", "blackhole", 0.0, {"timeout_ms": 3000, "per_try_timeout_ms": 300}),
        ("black hole (no per-try)", "blackhole2", 0.0, {"timeout_ms": 1000}),
        ("reset mid-response", "reset", 0.0, {"timeout_ms": 3000}),
        ("slow trickle (1 B / 100 ms, per-try 400 ms)", "trickle", 0.1, {"timeout_ms": 3000, "per_try_timeout_ms": 400}),
    ]
    for label, mode, delay, options in cases:
        bad = Upstream(context.ports[mode], mode.rstrip("2"), delay)
        try:
            name = f"net-{mode}-{context.run_id}-{len(rows)}"
            API(context.primary.url, context.credentials.service_token).call("POST", "/api/v1/skills/register", {
                "name": name, "version": "1.0.0",
                "endpoints": [{"url": good.url, "ephemeral": False}, {"url": bad.url, "ephemeral": False}],
                "capabilities": [{"name": "call", "idempotent": True}]})
            time.sleep(1.5)  # every cache has the new skill
            load = context.load(context.primary)
            # 3 callers: the retry budget always allows 3 concurrent retries.
            load.add("invoke", 9, invoke_remote(context, name, options), workers=3)
            started = time.monotonic()
            load.start()
            time.sleep(15)
            load.stop()
        finally:
            bad.close()
        outcomes = load.of("invoke")
        hits = [t for t in bad.hit_times() if t >= started]
        failures = [o for o in outcomes if not o.ok]
        deadline = options["timeout_ms"] / 1000
        late = [o for o in outcomes if o.ended - o.started > deadline + 0.5]
        last_hit = _secs(hits[-1] - started) if hits else "-"
        row = Row(f"remote endpoint: {label}")
        row.sent, row.failed = len(outcomes), len(failures)
        if "per_try_timeout_ms" in options or mode == "reset":
            row.target = "0 failed (retried on the good endpoint); faulty one ejected after 5 failures; no call past its deadline"
            row.passed = not failures and len(hits) <= 5 + 3 and not late
        else:
            row.target = "calls sent to it fail 504/1011 at the 1 s deadline naming it (a timeout spends the deadline: no retry); ejected after 5; none past the deadline"
            misnamed = [o for o in failures if good.url in o.error]
            row.passed = (all(o.status == 504 and o.code == 1011 for o in failures) and not misnamed
                          and len(failures) <= 5 + 3 and len(hits) <= 5 + 3 and not late)
            if misnamed:
                row.notes.append(f"{len(misnamed)} of the {len(failures)} 504s name the good endpoint: retried there with no time left")
        row.checked = (f"faulty endpoint got {len(hits)} calls (last {last_hit} into the 15 s), p99 latency {_ms(percentile([o.ended - o.started for o in outcomes], 0.99))}, "
                       f"max {_ms(max((o.ended - o.started for o in outcomes), default=None))}, past the deadline {len(late)}")
        if failures:
            row.notes.append("failures: " + summarise_failures(failures))
        rows.append(row)
    return rows


def _present(context, table, column, values):
    """How many of `values` the table's column holds (straight from PostgreSQL)."""
    if not values:
        return 0
    present = 0
    for start in range(0, len(values), 500):
        chunk = values[start:start + 500]
        literal = ",".join("'" + v.replace("'", "''") + "'" for v in chunk)
        present += int(context.stack.psql(f"SELECT count(DISTINCT {column}) FROM {table} WHERE {column} IN ({literal})"))
    return present


def _ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f} ms"


def _secs(seconds):
    return "never" if seconds is None else f"{seconds:.1f} s"


def _after(moment, since):
    return "never" if moment is None else f"{moment - since:.1f} s"


SCENARIOS = {
    "redis": redis_killed,
    "postgres": postgres_stopped,
    "instance": instance_killed,
    "writes": crash_during_writes,
    "plugin": plugin_crash,
    "network": network,
}

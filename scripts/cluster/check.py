#!/usr/bin/env python3
"""The cluster check: what several SkillHub instances on one PostgreSQL and one Redis must do, asserted.

Run by `scripts/cluster.sh check` (and `make test`, after the Swift suite), which sets CLUSTER_DIR, the ports and
CLUSTER_BINARY and tears everything down afterwards. In order:

1. two `skillhub migrate` at once on an empty database: both wait on the migration lock together (held meanwhile by
   a psql session, so that they overlap for sure), then each migration is applied exactly once and both exit 0;
   once more, unforced, on a second empty database;
2. three instances and nginx (scripts/cluster.sh start), heartbeat interval 1 s (unhealthy after 3 s, sweep period
   333 ms, sweeper lease 1 s); a WebSocket through nginx;
3. a skill registered through each instance is invoked and discovered through each of the others: within 1 s;
4. a token issued by each instance is accepted by all and nginx; revoked through another, refused by all within 1 s;
5. the echo plugin reloaded on each instance in turn while every instance invokes it: no failure anywhere, and only
   the reloading instance's generation moves;
6. heartbeats sent round-robin to the instances keep an endpoint healthy past three intervals while a silent one
   goes unhealthy; exactly one instance holds the sweeper lease and sweeps; killed with SIGKILL, another takes
   the lease as the dead holder's lease ends (so within one lease period) and sweeps; nginx passes requests around the dead
   instance; the instance started again stands by.

Every figure is printed; any assertion that fails ends the check with status 1.
"""
import base64
import hashlib
import http.server
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
sys.path.insert(0, os.path.join(root, "scripts", "bench"))
from skillhub_api import API, APIError  # noqa: E402

DIR = os.environ["CLUSTER_DIR"]
PG_PORT = int(os.environ["CLUSTER_PG_PORT"])
REDIS_PORT = int(os.environ["CLUSTER_REDIS_PORT"])
PORT = int(os.environ["CLUSTER_PORT"])
INSTANCES = int(os.environ.get("CLUSTER_INSTANCES", "3"))
BINARY = os.environ["CLUSTER_BINARY"]
CLUSTER_SH = os.path.join(root, "scripts", "cluster.sh")

INTERVAL = 1.0  # AI_BRIDGE_HEARTBEAT_INTERVAL
UNHEALTHY_AFTER = 3 * INTERVAL
SWEEP_PERIOD = INTERVAL / 3  # a third of an interval (HeartbeatPolicy)
LEASE = 3 * SWEEP_PERIOD  # three sweep periods (HealthSweeper)
SETTINGS = f"AI_BRIDGE_HEARTBEAT_INTERVAL={int(INTERVAL)} SKILLHUB_ENDPOINT_DELETE_TIMEOUT=60 LOG_LEVEL=info"
PROPAGATION_LIMIT = 1.0
# How late after the dead holder's lease ends another instance may take it (Redis, timers, a loaded machine).
TAKEOVER_SLACK = 0.15
# The longest `scripts/cluster.sh instance-stop I --kill` may take (a bash script: ~0.2 s on a loaded machine).
KILL_COMMAND = 0.5
LEASE_KEY = "skillhub:lock:health-sweeper"
# HealthSweeper's line for a sweep that changed something (not "health sweeper grace period", not "health sweep failed").
SWEPT = re.compile(r"health sweep(?!er| failed)")
# MigrationRunner.advisoryLockKey ("skillhub" in ASCII) as pg_locks shows it: classid the high half, objid the low.
MIGRATION_LOCK = 0x736B_696C_6C68_7562
DATABASE_URL = f"postgresql://skillhub:skillhub@127.0.0.1:{PG_PORT}/skillhub"

started = time.monotonic()
figures = []


def log(message):
    print(f"[cluster-check {time.monotonic() - started:6.1f} s] {message}", flush=True)


def check(condition, message):
    if not condition:
        log("FAILED: " + message)
        sys.exit(1)


def figure(name, value):
    figures.append((name, value))
    log(f"{name}: {value}")


def wait_for(predicate, timeout, step=0.01):
    """Polls until predicate() is truthy; returns (value, seconds) or (None, seconds) after timeout."""
    begin = time.monotonic()
    while True:
        value = predicate()
        elapsed = time.monotonic() - begin
        if value or elapsed > timeout:
            return value, elapsed
        time.sleep(step)


def cluster(*args):
    environment = dict(os.environ, CLUSTER_SETTINGS=SETTINGS)
    subprocess.run([CLUSTER_SH, *args], check=True, env=environment)


def psql(sql, database=DATABASE_URL):
    return subprocess.run(["psql", database, "-X", "-tA", "-c", sql], check=True, capture_output=True, text=True).stdout.strip()


class Redis:
    """Commands over one kept connection (RESP): the lease is polled every few milliseconds without a process per look."""

    def __init__(self):
        self.connection = socket.create_connection(("127.0.0.1", REDIS_PORT), timeout=5)
        self.reader = self.connection.makefile("rb")

    def command(self, *words):
        self.connection.sendall(f"*{len(words)}\r\n".encode() + b"".join(f"${len(w)}\r\n{w}\r\n".encode() for w in words))
        line = self.reader.readline()
        if line.startswith(b":"):
            return int(line[1:])
        check(line.startswith(b"$"), f"Redis answered {words[0]} with {line!r}")
        length = int(line[1:])
        return "" if length < 0 else self.reader.read(length + 2)[:-2].decode()

    def get(self, key):
        return self.command("GET", key)


def status_of(api, method, path, body=None):
    try:
        return 200, api.call(method, path, body, timeout=10)
    except APIError as error:
        return error.status, None


def percentiles(values):
    return f"median {statistics.median(values) * 1000:.0f} ms, max {max(values) * 1000:.0f} ms (n={len(values)})"


# 1. Two migrators at once ------------------------------------------------------------------------------------------

def migration_files():
    return sorted(name[:-4] for name in os.listdir(os.path.join(root, "migrations")) if re.fullmatch(r"\d{4}_\w+\.sql", name))


def start_migrator(database):
    environment = dict(os.environ, DATABASE_URL=database, SKILLHUB_MIGRATIONS_DIR=os.path.join(root, "migrations"))
    return subprocess.Popen([BINARY, "migrate"], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_migrators(processes, database, label):
    files = migration_files()
    applied = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        check(process.returncode == 0, f"{label}: a migrator exited {process.returncode}: {out}{err[-2000:]}")
        match = re.search(r"^applied (.+)$", out, re.M)
        if match:
            applied.append(match.group(1).split(", "))
        else:
            check(re.search(r"^database is up to date", out, re.M), f"{label}: unexpected output {out!r}")
            applied.append([])
    everything = applied[0] + applied[1]
    check(sorted(everything) == files, f"{label}: applied {applied}, expected each of {files} exactly once")
    check(min(len(a) for a in applied) == 0, f"{label}: both migrators applied something: {applied}")
    rows = psql("SELECT count(*), count(DISTINCT version) FROM schema_migrations", database)
    check(rows == f"{len(files)}|{len(files)}", f"{label}: schema_migrations holds {rows}, expected {len(files)} versions once")
    log(f"{label}: both exited 0; one applied {len(files)} migrations, the other found the database up to date; "
        f"schema_migrations holds each version once")


def advisory_lock_counts(database):
    high, low = MIGRATION_LOCK >> 32, MIGRATION_LOCK & 0xFFFF_FFFF
    row = psql(
        "SELECT count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT granted) FROM pg_locks "
        f"WHERE locktype = 'advisory' AND classid = {high} AND objid = {low} AND objsubid = 1", database)
    return tuple(int(x) for x in row.split("|"))


def two_migrators():
    cluster("stack")
    check(psql("SELECT to_regclass('schema_migrations') IS NULL") == "t", "the database is not empty")
    # Forced: a psql session holds the lock, both migrators start and queue behind it, then it lets go.
    holder = subprocess.Popen(["psql", DATABASE_URL, "-X", "-q"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    holder.stdin.write(f"SELECT pg_advisory_lock({MIGRATION_LOCK});\n")
    holder.stdin.flush()
    _, _ = wait_for(lambda: advisory_lock_counts(DATABASE_URL) == (1, 0), 10, 0.05)
    check(advisory_lock_counts(DATABASE_URL) == (1, 0), "psql did not take the migration lock")
    processes = [start_migrator(DATABASE_URL), start_migrator(DATABASE_URL)]
    both, waited = wait_for(lambda: advisory_lock_counts(DATABASE_URL) == (1, 2), 30, 0.05)
    check(both, f"the two migrators did not both wait on the migration lock: {advisory_lock_counts(DATABASE_URL)}")
    check(all(p.poll() is None for p in processes), "a migrator ended while the lock was held")
    log(f"migrators: both waiting on the migration lock {waited:.2f} s after starting; releasing it")
    holder.stdin.close()
    holder.wait(timeout=10)
    finish_migrators(processes, DATABASE_URL, "two migrators (lock held until both waited)")
    # Unforced: started together on another empty database.
    psql("CREATE DATABASE migrate_race")
    race = DATABASE_URL.rsplit("/", 1)[0] + "/migrate_race"
    begin = time.monotonic()
    finish_migrators([start_migrator(race), start_migrator(race)], race, "two migrators (started together)")
    figure("two migrators at once", f"each of {len(migration_files())} migrations applied once, both exit 0 "
           f"(forced overlap; unforced race {time.monotonic() - begin:.1f} s)")


# 2. The cluster, the accounts, the remote skill ---------------------------------------------------------------------

class EchoSkill(http.server.BaseHTTPRequestHandler):
    """A remote skill (docs/remote-skills.md) answering {"output": input}, counting its calls."""
    protocol_version = "HTTP/1.1"
    calls = 0
    lock = threading.Lock()

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        with EchoSkill.lock:
            EchoSkill.calls += 1
        answer = json.dumps({"output": body.get("input")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def websocket_ping(url, path):
    """Opens a WebSocket (RFC 6455) at path, sends {"type": "ping"}, returns the first JSON frame answered."""
    parts = urllib.parse.urlsplit(url)
    key = base64.b64encode(os.urandom(16)).decode()
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as connection:
        connection.sendall((f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = connection.recv(4096)
            check(chunk, f"WebSocket: the connection closed during the handshake: {head!r}")
            head += chunk
        head, rest = head.split(b"\r\n\r\n", 1)
        lines = head.decode().split("\r\n")
        check(lines[0].split()[1] == "101", f"WebSocket: the upgrade through nginx answered {lines[0]!r}")
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
        check(headers.get("sec-websocket-accept") == accept, f"WebSocket: Sec-WebSocket-Accept {headers.get('sec-websocket-accept')!r}, expected {accept!r}")
        payload, mask = b'{"type":"ping"}', os.urandom(4)
        connection.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
        data = rest
        while len(data) < 2 or len(data) < 2 + (data[1] & 0x7F):
            chunk = connection.recv(4096)
            check(chunk, "WebSocket: closed before answering the ping")
            data += chunk
        check(data[0] & 0x0F == 1 and data[1] & 0x7F < 126, f"WebSocket: unexpected frame {data[:8]!r}")
        return json.loads(data[2:2 + (data[1] & 0x7F)])


class Cluster:
    def __init__(self):
        self.root_key = open(os.path.join(DIR, "root-api-key")).read().strip()
        self.urls = [f"http://127.0.0.1:{PORT + i}" for i in range(1, INSTANCES + 1)]
        self.nginx = f"http://127.0.0.1:{PORT}"
        self.roots = [API(url, self.root_key, timeout=10) for url in self.urls]
        self.alive = list(range(INSTANCES))

    def log_of(self, index):
        with open(os.path.join(DIR, f"instance-{index + 1}", "server.log"), errors="replace") as file:
            return file.read()


def setup(c):
    lb = API(c.nginx, c.root_key, timeout=10)
    admin = lb.call("POST", "/api/v1/admin/accounts", {"account_id": "cluster", "admin_user_id": "admin"})["result"]["user_key"]
    admin_api = API(c.nginx, admin, timeout=10)
    c.user_key = admin_api.call("POST", "/api/v1/admin/accounts/cluster/users", {"user_id": "alice", "role": "user"})["result"]["user_key"]
    c.service_key = admin_api.call("POST", "/api/v1/admin/accounts/cluster/users", {"user_id": "svc", "role": "service"})["result"]["user_key"]
    c.users = [API(url, c.user_key, timeout=10) for url in c.urls]
    c.services = [API(url, c.service_key, timeout=10) for url in c.urls]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoSkill)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    c.echo_url = f"http://127.0.0.1:{server.server_address[1]}"
    answer = websocket_ping(c.nginx, f"/ws/cluster-check?api_key={c.user_key}")
    check(answer.get("type") == "pong", f"WebSocket through nginx: ping answered {answer}")
    log("accounts made through nginx; a WebSocket through nginx: upgraded (101), ping answered pong")


def worker_status(api, endpoint_id):
    for worker in api.call("GET", "/api/workers")["workers"]:
        if worker["worker_id"] == endpoint_id:
            return worker["status"]
    return None


# 3. Registration reaches the other instances ------------------------------------------------------------------------

def propagation(c):
    """From each instance's registration, the time until each other instance invokes the skill, discovers it
    (PostgreSQL) and lists its endpoint in /api/workers (its registry cache, kept by pub/sub), each polled apart."""
    times = {"invocable": [], "discovered": [], "in its cache": []}
    first_tries = []
    for registrar in range(INSTANCES):
        name = f"propagation-{registrar}"
        body = {"name": name, "version": "1.0.0", "description": "cluster check",
                "endpoints": [{"url": f"{c.echo_url}/{name}"}], "capabilities": [{"name": "echo", "parameters": {}}]}
        endpoint_id = c.users[registrar].call("POST", "/api/v1/skills/register", body)["data"]["endpoints"][0]["endpoint_id"]
        registered = time.monotonic()
        results, tries = {}, {}

        def invoked(other):
            tries[other] = tries.get(other, 0) + 1
            code, answer = status_of(c.users[other], "POST", f"/api/v1/skills/{name}/invoke",
                                     {"capability": "echo", "input": {"from": registrar}})
            return code == 200 and answer["output"] == {"from": registrar}

        def discovered(other):
            code, answer = status_of(c.users[other], "GET", f"/api/v1/skills/discover?name={name}")
            return code == 200 and answer["data"]["total"] == 1

        def cached(other):
            return worker_status(c.users[other], endpoint_id) == "healthy"

        def measure(label, predicate, other):
            ok, _ = wait_for(lambda: predicate(other), 5)
            results[(label, other)] = (ok, time.monotonic() - registered)

        probes = [("invocable", invoked), ("discovered", discovered), ("in its cache", cached)]
        threads = [threading.Thread(target=measure, args=(label, predicate, other))
                   for label, predicate in probes for other in range(INSTANCES) if other != registrar]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for (label, other), (ok, elapsed) in results.items():
            check(ok, f"{name}, registered through instance {registrar + 1}, not {label} through {other + 1} after 5 s")
            check(elapsed <= PROPAGATION_LIMIT,
                  f"{name}, registered through instance {registrar + 1}, {label} through {other + 1} only after {elapsed:.3f} s")
            times[label].append(elapsed)
        first_tries += [tries[other] for other in range(INSTANCES) if other != registrar]
    check(EchoSkill.calls >= len(times["invocable"]), f"the remote skill got {EchoSkill.calls} calls, fewer than the invocations")
    for label, values in times.items():
        figure(f"registered through one → {label} through another", percentiles(values))
    log(f"invoke calls until the first success: {first_tries}")


# 4. Tokens: issued by one, accepted by all; revoked through one, refused by all ------------------------------------

def tokens(c):
    revocation_times = []
    for issuer in range(INSTANCES):
        revoker = (issuer + 1) % INSTANCES
        token, control = (c.users[issuer].call("POST", "/api/v1/auth/token")["access_token"] for _ in range(2))
        bearers = [API(url, token, timeout=10) for url in c.urls]
        controls = [API(url, control, timeout=10) for url in [*c.urls, c.nginx]]
        for api in [*bearers, API(c.nginx, token, timeout=10)]:
            code, _ = status_of(api, "GET", "/api/v1/skills/?limit=1")
            check(code == 200, f"a token issued by instance {issuer + 1} answered {code} at {api.base}")
        bearers[revoker].call("POST", "/api/v1/auth/revoke")
        revoked = time.monotonic()
        results = {}

        def refused(index):
            ok, _ = wait_for(lambda: status_of(bearers[index], "GET", "/api/v1/skills/?limit=1")[0] == 401, 5, 0.005)
            results[index] = (ok, time.monotonic() - revoked)

        threads = [threading.Thread(target=refused, args=(index,)) for index in range(INSTANCES)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for index, (ok, elapsed) in results.items():
            check(ok, f"a token revoked through instance {revoker + 1} is still accepted by {index + 1} after 5 s")
            check(elapsed <= PROPAGATION_LIMIT, f"a token revoked through {revoker + 1} was refused by {index + 1} only after {elapsed:.3f} s")
            if index != revoker:
                revocation_times.append(elapsed)
        for api in controls:
            code, _ = status_of(api, "GET", "/api/v1/skills/?limit=1")
            check(code == 200, f"an unrevoked token from instance {issuer + 1} answered {code} at {api.base}")
    figure("JWT issued by one instance", f"accepted by all {INSTANCES} and nginx ({INSTANCES} issuers)")
    figure("revoked through one → refused by another", percentiles(revocation_times))


# 5. Plugin reloads on one instance do not disturb the others -------------------------------------------------------

def generations(c):
    result = []
    for api in c.roots:
        plugins = api.call("GET", "/api/v1/admin/plugins")["result"]["plugins"]
        result.append(next(p["generation"] for p in plugins if p["name"] == "echo"))
    return result


def plugin_reloads(c):
    before = generations(c)
    check(before == [1] * INSTANCES, f"echo's generations before any reload: {before}")
    total_calls, overlapping, reload_times = 0, 0, []
    for reloader in range(INSTANCES):
        stop = threading.Event()
        calls = [[] for _ in range(INSTANCES)]  # (began, ended, failure or None) per instance

        def invoke(index):
            number = 0
            while not stop.is_set():
                number += 1
                text = f"call {number} through {index + 1}"
                began = time.monotonic()
                code, answer = status_of(c.users[index], "POST", "/api/v1/skills/echo/invoke",
                                         {"capability": "reverse", "input": {"text": text}})
                ok = code == 200 and answer["output"] == {"text": text[::-1]}
                calls[index].append((began, time.monotonic(), None if ok else (code, answer)))

        def made(minimum, since=0.0):
            return all(sum(1 for call in made_calls if call[0] >= since) >= minimum for made_calls in calls)

        threads = [threading.Thread(target=invoke, args=(index,)) for index in range(INSTANCES)]
        for thread in threads:
            thread.start()
        wait_for(lambda: made(5), 10, 0.02)
        begin = time.monotonic()
        result = c.roots[reloader].call("POST", "/api/v1/admin/plugins/echo/reload")["result"]
        end = time.monotonic()
        reload_times.append(end - begin)
        # Calls go on until every instance has made five more after the reload.
        wait_for(lambda: made(5, end), 10, 0.02)
        stop.set()
        for thread in threads:
            thread.join()
        check(result["generation"] == 2 and result["state"] == "running", f"reload on instance {reloader + 1}: {result}")
        after = generations(c)
        expected = [2 if index <= reloader else 1 for index in range(INSTANCES)]
        check(after == expected, f"after the reload on instance {reloader + 1} the generations are {after}, expected {expected}")
        for index, made_calls in enumerate(calls):
            failures = [call[2] for call in made_calls if call[2]]
            during = sum(1 for began, ended, _ in made_calls if began <= end and ended >= begin)
            check(not failures, f"while instance {reloader + 1} reloaded echo, instance {index + 1} failed {len(failures)} calls: {failures[:3]}")
            check(during >= 1, f"no call through instance {index + 1} overlapped the reload on instance {reloader + 1}")
            check(sum(1 for call in made_calls if call[0] >= end) >= 5, f"instance {index + 1} made under 5 calls after the reload")
            total_calls += len(made_calls)
            overlapping += during
    figure("plugin reloads", f"echo reloaded on each instance in turn ({percentiles(reload_times)}); "
           f"{total_calls} echo calls through all instances around them ({overlapping} overlapping a reload), 0 failures")


# 6. Heartbeats through any instance; one sweeper; takeover after SIGKILL -------------------------------------------

def endpoint_status(api, skill_id, endpoint_id):
    for endpoint in api.call("GET", f"/api/v1/skills/{skill_id}/endpoints"):
        if endpoint["endpoint_id"] == endpoint_id:
            return endpoint["status"]
    return None


def holders_in_logs(c, marks):
    """The instances whose log says they took the lease since marks (log lengths)."""
    return [i for i in range(INSTANCES) if "health sweeper grace period" in c.log_of(i)[marks[i]:]]


def heartbeats_and_sweeper(c):
    redis = Redis()
    marks = [0] * INSTANCES
    body = {"name": "beats", "version": "1.0.0", "description": "cluster check",
            "endpoints": [{"url": f"{c.echo_url}/beating"}, {"url": f"{c.echo_url}/silent"}]}
    data = c.services[0].call("POST", "/api/v1/skills/register", body)["data"]
    registered = time.monotonic()
    skill_id = data["skill_id"]
    ids = {endpoint["url"].rsplit("/", 1)[1]: endpoint["endpoint_id"] for endpoint in data["endpoints"]}
    beating, silent = ids["beating"], ids["silent"]

    # Beats every 250 ms, to the live instances in turn and every fourth through nginx.
    stop, guard = threading.Event(), threading.Lock()
    beats = {"sent": 0, "by": [0] * (INSTANCES + 1), "failures": []}
    nginx_service = API(c.nginx, c.service_key, timeout=10)

    def beat():
        turn = 0
        while not stop.is_set():
            with guard:
                targets = c.alive + [INSTANCES]
                target = targets[turn % len(targets)]
                api = nginx_service if target == INSTANCES else c.services[target]
                code, answer = status_of(api, "POST", f"/api/v1/skills/{skill_id}/endpoints/{beating}/heartbeat", {})
                beats["sent"] += 1
                beats["by"][target] += 1
                if code != 200 or answer["data"]["status"] != "healthy":
                    beats["failures"].append((target, code, answer))
            turn += 1
            time.sleep(0.25)

    beater = threading.Thread(target=beat)
    beater.start()
    try:
        # The silent endpoint leaves routing after three intervals; the beating one stays.
        went, _ = wait_for(lambda: endpoint_status(c.users[1], skill_id, silent) == "unhealthy", UNHEALTHY_AFTER + 3, 0.05)
        silence = time.monotonic() - registered
        check(went, "the endpoint that never beats is still healthy after three intervals and 3 s")
        check(silence >= UNHEALTHY_AFTER - 0.05, f"the silent endpoint went unhealthy after {silence:.2f} s, before three intervals")
        time.sleep(0.5)
        past = time.monotonic() - registered
        for index in range(INSTANCES):
            check(endpoint_status(c.users[index], skill_id, beating) == "healthy", f"instance {index + 1}: the beating endpoint is not healthy")
            check(worker_status(c.users[index], beating) == "healthy", f"instance {index + 1}: /api/workers shows the beating endpoint unhealthy")
            check(worker_status(c.users[index], silent) == "unhealthy", f"instance {index + 1}: /api/workers shows the silent endpoint healthy")
        figure("heartbeats round-robin", f"endpoint healthy on every instance {past:.1f} s after registration "
               f"(TTL {UNHEALTHY_AFTER:.0f} s; {beats['sent']} beats so far, to instances {beats['by'][:INSTANCES]} and nginx {beats['by'][INSTANCES]}); "
               f"the silent one unhealthy after {silence:.2f} s")

        # One holder: the lease's owner never changes while all run, and one log says it took the lease and swept.
        owners = set()
        for _ in range(int(LEASE / 0.05) * 2):
            owners.add(redis.get(LEASE_KEY))
            time.sleep(0.05)
        check(len(owners) == 1 and "" not in owners, f"the sweeper lease's owner over {2 * LEASE:.0f} s: {owners}")
        holders = holders_in_logs(c, marks)
        check(len(holders) == 1, f"instances that took the sweeper lease: {[h + 1 for h in holders]}, expected exactly one")
        holder = holders[0]
        sweepers = [i for i in range(INSTANCES) if SWEPT.search(c.log_of(i))]
        check(sweepers == [holder], f"instances that swept (marked the silent endpoint): {[s + 1 for s in sweepers]}, expected [{holder + 1}]")
        log(f"instance {holder + 1} holds the sweeper lease ({owners.pop()}) and is the only one that swept")

        # A second silent endpoint, then the holder dies with SIGKILL.
        survivors = [i for i in range(INSTANCES) if i != holder]
        second = c.services[survivors[0]].call("POST", f"/api/v1/skills/{skill_id}/endpoints", {"url": f"{c.echo_url}/silent-2"})["endpoint_id"]
        added = time.monotonic()
        marks = [len(c.log_of(i)) for i in range(INSTANCES)]
        old_owner = redis.get(LEASE_KEY)
        with guard:
            c.alive.remove(holder)
        killed = time.monotonic()
        cluster("instance-stop", str(holder + 1), "--kill")
        # The holder is gone (the command waits for that): what its lease has left now is exact.
        ends = time.monotonic() + redis.command("PTTL", LEASE_KEY) / 1000
        took, _ = wait_for(lambda: redis.get(LEASE_KEY) not in ("", old_owner), 10, 0.005)
        took_at = time.monotonic()
        takeover, late = took_at - killed, took_at - ends
        check(took, "no instance took the sweeper lease within 10 s of the holder's SIGKILL")
        # A standby tries again as the holder's lease ends (HealthSweeper.delayBeforeNextAttempt), not up to a
        # sweep period later.
        check(late <= TAKEOVER_SLACK, f"the lease was taken over {late:.2f} s after the dead holder's lease ended")
        check(takeover <= LEASE + KILL_COMMAND + TAKEOVER_SLACK,
              f"the lease was taken over {takeover:.2f} s after the SIGKILL (lease {LEASE:.2f} s)")
        new_holders, _ = wait_for(lambda: holders_in_logs(c, marks), 2, 0.05)
        check(new_holders and len(new_holders) == 1 and new_holders[0] in survivors,
              f"instances that took the lease after the kill: {[h + 1 for h in new_holders or []]}")
        figure("sweeper takeover after SIGKILL", f"instance {new_holders[0] + 1} took the lease {takeover:.2f} s after instance "
               f"{holder + 1} was killed (the kill command's run included), {late * 1000:.0f} ms after the dead holder's lease ended "
               f"(lease {LEASE:.2f} s, sweep period {SWEEP_PERIOD:.2f} s)")

        # nginx sends requests around the dead instance.
        lb = API(c.nginx, c.user_key, timeout=10)
        codes = [status_of(lb, "GET", "/api/v1/skills/?limit=1")[0] for _ in range(30)]
        check(codes.count(200) == 30, f"through nginx with instance {holder + 1} dead: {codes}")
        log(f"30 requests through nginx with instance {holder + 1} dead: all 200")

        # The new holder sweeps: the second silent endpoint leaves routing.
        went, _ = wait_for(lambda: endpoint_status(c.users[survivors[0]], skill_id, second) == "unhealthy", UNHEALTHY_AFTER + 3, 0.05)
        check(went, "the endpoint added before the kill is still healthy: the new holder does not sweep")
        # The sweeper logs after its transition is committed (and seen above): give the line a moment.
        swept, _ = wait_for(lambda: [i for i in survivors if SWEPT.search(c.log_of(i)[marks[i]:])], 2, 0.05)
        check(swept == new_holders, f"instances that swept after the kill: {[s + 1 for s in swept or []]}, expected {new_holders[0] + 1}")
        log(f"the new holder swept: the endpoint added before the kill went unhealthy {time.monotonic() - added:.2f} s after it was added")
        for index in survivors:
            check(endpoint_status(c.users[index], skill_id, beating) == "healthy", f"instance {index + 1}: the beating endpoint is not healthy after the takeover")

        # The killed instance comes back and stands by.
        marks = [len(c.log_of(i)) for i in range(INSTANCES)]
        owner = redis.get(LEASE_KEY)
        cluster("instance-start", str(holder + 1))
        with guard:
            c.alive = sorted(c.alive + [holder])
        time.sleep(3 * SWEEP_PERIOD)
        check(redis.get(LEASE_KEY) == owner, "the lease changed hands when the killed instance came back")
        check(holders_in_logs(c, marks) == [], "an instance took the lease after the killed one came back")
        check(endpoint_status(c.users[holder], skill_id, beating) == "healthy", "the restarted instance sees the beating endpoint unhealthy")
        log(f"instance {holder + 1} started again: ready, standing by (the lease stayed with instance {new_holders[0] + 1})")
        time.sleep(0.5)
    finally:
        stop.set()
        beater.join()
    check(not beats["failures"], f"heartbeats that failed or were not healthy: {beats['failures'][:3]}")
    check(all(beats["by"]), f"beats by target (instances…, nginx): {beats['by']}")
    figure("heartbeats", f"{beats['sent']} beats round-robin to instances {beats['by'][:INSTANCES]} and nginx {beats['by'][INSTANCES]}, "
           f"{time.monotonic() - registered:.1f} s, takeover included: every answer healthy")


def main():
    check(INSTANCES >= 3, "the check needs at least three instances")
    two_migrators()
    cluster("start")
    c = Cluster()
    setup(c)
    propagation(c)
    tokens(c)
    plugin_reloads(c)
    heartbeats_and_sweeper(c)
    log(f"passed in {time.monotonic() - started:.1f} s")
    for name, value in figures:
        print(f"  {name}: {value}")


if __name__ == "__main__":
    main()

"""What the fault-injection (`make faults`) and soak (`make soak`) harnesses share: the private stack of
scripts/stack.sh with its processes killed and restarted for real, SkillHub servers as child processes,
a paced load that records every request, the test account's credentials, and the process samples."""
import glob
import http.client
import json
import os
import secrets
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts", "bench"))
from skillhub_api import API  # noqa: E402  (the bench scripts' client, for the setup calls)

STACK = os.path.join(ROOT, "scripts", "stack.sh")


def log(prefix, message):
    print(f"[{prefix}] {message}", file=sys.stderr, flush=True)


def wait_until(predicate, timeout, step=0.1):
    """Polls `predicate` until it is true (returns the seconds waited) or `timeout` passes (returns None)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        try:
            if predicate():
                return time.monotonic() - started
        except Exception:  # noqa: BLE001  (a probe that fails is a probe that says no)
            pass
        time.sleep(step)
    return None


class Stack:
    """A PostgreSQL cluster and a Redis server under `directory` (scripts/stack.sh), which a scenario may
    kill, stop and start again."""

    def __init__(self, directory, pg_port, redis_port):
        self.directory = os.path.join(ROOT, directory)
        self.pg_port = pg_port
        self.redis_port = redis_port
        self.database_url = f"postgresql://skillhub:skillhub@127.0.0.1:{pg_port}/skillhub"
        self.redis_url = f"redis://127.0.0.1:{redis_port}/0"

    def start(self):
        """Starts whatever of the two is not running (stack.sh leaves a running one alone)."""
        subprocess.run([STACK, "start", self.directory, str(self.pg_port), str(self.redis_port)], check=True,
                       stdout=subprocess.DEVNULL)

    def stop(self):
        subprocess.run([STACK, "stop", self.directory], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wipe(self):
        self.stop()
        subprocess.run(["rm", "-rf", self.directory], check=True)

    # Redis
    def redis_pid(self):
        with open(os.path.join(self.directory, "redis", "redis.pid")) as f:
            return int(f.read().strip())

    def kill_redis(self):
        """SIGKILL to redis-server; returns once it is gone."""
        pid = self.redis_pid()
        os.kill(pid, signal.SIGKILL)
        wait_until(lambda: not _alive(pid), 10)

    def redis(self, *arguments):
        result = subprocess.run(["redis-cli", "-p", str(self.redis_port), *arguments], capture_output=True, text=True, timeout=10)
        return result.stdout.strip()

    def redis_clients(self):
        """Connected clients (INFO clients), redis-cli's own connection not counted."""
        for line in self.redis("INFO", "clients").splitlines():
            if line.startswith("connected_clients:"):
                return int(line.split(":")[1]) - 1
        return None

    # PostgreSQL
    def _pg(self, tool, *arguments, **kwargs):
        binary = sorted(glob.glob("/usr/lib/postgresql/*/bin/" + tool))[-1]
        command = [binary, *arguments]
        if os.getuid() == 0:  # the cluster belongs to the postgres user (scripts/stack.sh)
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, **kwargs)

    def stop_postgres(self):
        """A fast shutdown (pg_ctl -m fast): sessions are ended, the server stops accepting connections."""
        result = self._pg("pg_ctl", "-D", os.path.join(self.directory, "postgres", "data"), "-m", "fast", "-w", "stop")
        if result.returncode != 0:
            raise RuntimeError("pg_ctl stop failed: " + result.stderr)

    def psql(self, sql):
        result = self._pg("psql", "-h", os.path.join(self.directory, "postgres", "run"), "-p", str(self.pg_port),
                          "-U", "skillhub", "-d", "skillhub", "-tAc", sql, timeout=30)
        if result.returncode != 0:
            raise RuntimeError("psql failed: " + result.stderr)
        return result.stdout.strip()

    def postgres_connections(self):
        """Client backends connected to the skillhub database (pg_stat_activity), psql's own not counted."""
        return int(self.psql("SELECT count(*) - 1 FROM pg_stat_activity WHERE datname = 'skillhub' AND backend_type = 'client backend'"))


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child of ours counts as gone
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def random_key():
    return secrets.token_hex(32)


class Server:
    """`skillhub serve` as a child process on 127.0.0.1:`port`."""

    def __init__(self, binary, port, stack, log_path, root_key, jwt_secret, plugins="echo", environment=None):
        self.binary = binary
        self.port = port
        self.log_path = log_path
        self.root_key = root_key
        self.process = None
        self.environment = {
            **os.environ,
            "APP_HOST": "127.0.0.1", "APP_PORT": str(port), "LOG_LEVEL": "warning",
            "SKILLHUB_ROOT_API_KEY": root_key, "SECURITY_JWT_SECRET": jwt_secret,
            "DATABASE_URL": stack.database_url, "REDIS_URL": stack.redis_url,
            "SKILLHUB_MIGRATIONS_DIR": os.path.join(ROOT, "migrations"),
            "SKILLHUB_PLUGINS": plugins, "SKILLHUB_PLUGINS_DIR": os.path.dirname(binary),
            # The load comes from one address: the failed-authentication limit must not answer it.
            "RATE_LIMIT_ENABLED": "false",
            **(environment or {}),
        }

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def migrate(self):
        subprocess.run([self.binary, "migrate"], env=self.environment, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self, ready_timeout=120):
        with open(self.log_path, "ab") as out:
            self.process = subprocess.Popen([self.binary, "serve"], env=self.environment, stdout=out, stderr=out,
                                            stdin=subprocess.DEVNULL)
        if wait_until(lambda: self.process.poll() is None and self.ready()[0] == 200, ready_timeout, 0.2) is None:
            raise RuntimeError(f"skillhub on port {self.port} is not ready (log {self.log_path})")

    def ready(self):
        """GET /ready → (status, body)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request("GET", "/ready")
            response = connection.getresponse()
            return response.status, json.loads(response.read() or b"null")
        finally:
            connection.close()

    def kill(self):
        """SIGKILL, as a crash."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def rss_kib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return None

    def open_fds(self):
        return len(os.listdir(f"/proc/{self.pid}/fd"))

    def cpu_seconds(self):
        """User and system CPU time the server has used so far (/proc/PID/stat's utime and stime)."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Credentials:
    """The test account: an admin API key, a user token (invokes), a service token (registrations, heartbeats)."""

    admin_key: str
    user_token: str
    service_key: str
    service_token: str


def make_account(base, root_key, account="faults"):
    root = API(base, root_key, timeout=30)
    admin = root.call("POST", "/api/v1/admin/accounts", {"account_id": account, "admin_user_id": "admin"})["result"]["user_key"]
    admin_api = API(base, admin, timeout=30)
    user = admin_api.call("POST", f"/api/v1/admin/accounts/{account}/users", {"user_id": "caller", "role": "user"})["result"]["user_key"]
    service = admin_api.call("POST", f"/api/v1/admin/accounts/{account}/users", {"user_id": "svc", "role": "service"})["result"]["user_key"]
    return Credentials(admin, token(base, user), service, token(base, service))


def token(base, key):
    return API(base, key, timeout=30).call("POST", "/api/v1/auth/token")["access_token"]


def bearer(jwt):
    return {"Authorization": "Bearer " + jwt}


@dataclass
class Outcome:
    """One request of a load: its kind, when it started and ended (monotonic seconds), the HTTP status
    (0 when no answer came), the envelope's `code` for an error, and the error text."""

    kind: str
    started: float
    ended: float
    status: int
    code: int = 0
    error: str = ""
    body: object = None

    @property
    def ok(self):
        return 200 <= self.status < 300


class Client:
    """One kept-alive HTTP/1.1 connection; reconnects after a failure."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.connection = None

    def send(self, kind, method, path, body=None, headers=None, keep_body=False):
        started = time.monotonic()
        data = json.dumps(body).encode() if body is not None else None
        try:
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            self.connection.request(method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
            response = self.connection.getresponse()
            raw = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return Outcome(kind, started, time.monotonic(), 0, error=f"{type(error).__name__}: {error}")
        ended = time.monotonic()
        parsed = None
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            pass
        code, message = 0, ""
        if response.status >= 300 and isinstance(parsed, dict):
            code, message = parsed.get("code", 0) or 0, str(parsed.get("message", ""))[:300]
        elif response.status >= 300:
            message = raw[:300].decode(errors="replace")
        return Outcome(kind, started, ended, response.status, code, message, parsed if keep_body else None)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class Load:
    """Constant load: each stream is `workers` threads sending one request after another, together at
    `rate` requests a second (a request slower than its turn delays only its own thread's next one).
    `request(index)` gives (method, path, body, headers) for the index-th request of the stream."""

    def __init__(self, host, port, timeout=15):
        self.host, self.port, self.timeout = host, port, timeout
        self.streams = []
        self.outcomes = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = []

    def add(self, kind, rate, request, workers=1, on_outcome=None):
        self.streams.append((kind, rate, request, workers, on_outcome))

    def start(self):
        self.stopping.clear()
        for kind, rate, request, workers, on_outcome in self.streams:
            counter = iter(range(1 << 62))
            counter_lock = threading.Lock()
            for worker in range(workers):
                thread = threading.Thread(target=self._run, args=(kind, rate / workers, request, counter, counter_lock, on_outcome, worker / rate), daemon=True)
                self.threads.append(thread)
                thread.start()

    def _run(self, kind, rate, request, counter, counter_lock, on_outcome, offset):
        client = Client(self.host, self.port, self.timeout)
        period = 1.0 / rate
        next_at = time.monotonic() + offset
        while not self.stopping.is_set():
            delay = next_at - time.monotonic()
            if delay > 0 and self.stopping.wait(delay):
                break
            next_at = max(next_at + period, time.monotonic() - period)
            with counter_lock:
                index = next(counter)
            method, path, body, headers = request(index)
            outcome = client.send(kind, method, path, body, headers, keep_body=on_outcome is not None)
            if on_outcome is not None:
                on_outcome(index, outcome)
                outcome.body = None
            with self.lock:
                self.outcomes.append(outcome)
        client.close()

    def stop(self):
        self.stopping.set()
        for thread in self.threads:
            thread.join(self.timeout + 5)
        self.threads = []

    def of(self, kind, since=None, until=None):
        """The outcomes of a kind that started within [since, until)."""
        return [o for o in self.outcomes if o.kind == kind and (since is None or o.started >= since) and (until is None or o.started < until)]


def percentile(values, fraction):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summarise_failures(outcomes, limit=3):
    """The distinct failures of some outcomes, most frequent first: 'STATUS/CODE message ×N'."""
    counts = {}
    for outcome in outcomes:
        if not outcome.ok:
            key = f"{outcome.status}/{outcome.code} {' '.join(outcome.error.split())[:120]}"
            counts[key] = counts.get(key, 0) + 1
    return "; ".join(f"{key} ×{n}" for key, n in sorted(counts.items(), key=lambda item: -item[1])[:limit])

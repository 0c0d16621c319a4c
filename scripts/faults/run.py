#!/usr/bin/env python3
"""`make faults`: the fault-injection matrix (scripts/faults/faults.sh builds and calls this).

    run.py BINARY [SCENARIO...]      scenarios: redis postgres instance writes plugin network (default: all)

A private PostgreSQL and Redis (FAULTS_DATA_DIR, FAULTS_PG_PORT, FAULTS_REDIS_PORT), SkillHub on
FAULTS_PORT (a second instance on FAULTS_PORT + 1, nginx on FAULTS_PORT - 1, remote endpoints on
FAULTS_PORT + 2 … + 7) with the echo plugin in process and the `misbehaving` test plugin isolated.
Prints one row per scenario and exits 1 when any target is missed."""
import os
import shutil
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from harness import API, ROOT, Load, Server, Stack, log, make_account, random_key  # noqa: E402
from scenarios import SCENARIOS, Row  # noqa: E402
from upstreams import Upstream  # noqa: E402


class Context:
    """What every scenario works with: the stack, the primary server, the account, the remote skills."""

    def __init__(self, binary):
        self.binary = binary
        self.directory = os.environ.get("FAULTS_DATA_DIR", ".skillhub-faults")
        self.work = os.path.join(ROOT, self.directory, "work")
        port = int(os.environ.get("FAULTS_PORT", "18461"))
        self.ports = {"nginx": port - 1, "a": port, "b": port + 1, "good": port + 2, "slow": port + 3,
                      "blackhole": port + 4, "reset": port + 5, "trickle": port + 6, "blackhole2": port + 7}
        self.stack = Stack(self.directory, int(os.environ.get("FAULTS_PG_PORT", "15460")), int(os.environ.get("FAULTS_REDIS_PORT", "16460")))
        self.root_key = random_key()
        self.jwt_secret = random_key()
        self.run_id = str(int(time.time()))
        self.upstreams = {}
        self.servers = []

    def plugins_directory(self):
        """Only the two libraries the run loads: with a plugin isolated, every library in the folder is
        first described by a child process."""
        directory = os.path.join(self.work, "plugins")
        os.makedirs(directory, exist_ok=True)
        for library in ("libSkillHubPluginEcho.so", "libSkillHubTestPluginMisbehaving.so"):
            target = os.path.join(directory, library)
            if not os.path.exists(target):
                os.symlink(os.path.join(os.path.dirname(self.binary), library), target)
        return directory

    def server(self, port, name):
        server = Server(self.binary, port, self.stack, os.path.join(self.work, f"server-{name}.log"), self.root_key, self.jwt_secret,
                        plugins="echo,misbehaving", environment={
                            "SKILLHUB_PLUGINS_DIR": self.plugins_directory(), "SKILLHUB_PLUGINS_ISOLATED": "misbehaving",
                            "SKILLHUB_PLUGINS_HOST_EXECUTABLE": self.binary, "LOG_LEVEL": os.environ.get("FAULTS_LOG_LEVEL", "warning")})
        self.servers.append(server)
        return server

    def load(self, server=None, port=None, timeout=15):
        return Load("127.0.0.1", port or server.port, timeout)

    def set_up(self):
        self.stack.wipe()
        os.makedirs(self.work, exist_ok=True)
        self.stack.start()
        self.primary = self.server(self.ports["a"], "a")
        self.primary.migrate()
        self.primary.start()
        self.credentials = make_account(self.primary.url, self.root_key)
        self.upstreams["good"] = Upstream(self.ports["good"], "good")
        self.upstreams["slow"] = Upstream(self.ports["slow"], "good", delay=0.3)
        service = API(self.primary.url, self.credentials.service_token)
        for name, upstream in (("faults-remote", "good"), ("faults-slow", "slow")):
            data = service.call("POST", "/api/v1/skills/register", {
                "name": name, "version": "1.0.0", "endpoints": [{"url": self.upstreams[upstream].url, "ephemeral": False}],
                "capabilities": [{"name": "call"}]})["data"]
            if name == "faults-remote":
                self.remote_skill_id, self.remote_endpoint_id = data["skill_id"], data["endpoints"][0]["endpoint_id"]

    def tear_down(self):
        for server in self.servers:
            server.stop()
        for upstream in self.upstreams.values():
            upstream.close()
        self.stack.stop()


def print_table(rows):
    print()
    print("| scenario | requests | failed | checked afterwards | target | verdict |")
    print("|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row.scenario} | {row.sent:,} | {row.failed:,} | {row.checked} | {row.target} | {'**pass**' if row.passed else '**FAIL**'} |")
    for row in rows:
        for note in row.notes:
            print(f"- {row.scenario}: {note}")
    sys.stdout.flush()


def main():
    binary = os.path.abspath(sys.argv[1])
    chosen = sys.argv[2:] or list(SCENARIOS)
    unknown = [name for name in chosen if name not in SCENARIOS]
    if unknown:
        sys.exit(f"unknown scenarios {unknown}; choose among {list(SCENARIOS)}")
    if shutil.which("nginx") is None and "instance" in chosen:
        sys.exit("nginx is not installed (scripts/stack.sh install nginx)")
    context = Context(binary)
    rows = []
    try:
        context.set_up()
        for name in chosen:
            log("faults", f"scenario {name}")
            started = time.monotonic()
            try:
                result = SCENARIOS[name](context)
            except Exception as error:  # noqa: BLE001  (a scenario that breaks is a failed row, the others still run)
                traceback.print_exc()
                result = Row(name, checked=f"the scenario broke: {type(error).__name__}: {error}")
                if context.primary.process.poll() is not None:
                    context.primary.start()
            for row in result if isinstance(result, list) else [result]:
                rows.append(row)
                log("faults", f"{row.scenario}: {'pass' if row.passed else 'FAIL'} — {row.checked}")
            log("faults", f"scenario {name} took {time.monotonic() - started:.0f} s")
    finally:
        context.tear_down()
    print_table(rows)
    return 0 if rows and all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

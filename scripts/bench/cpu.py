#!/usr/bin/env python3
"""Where a wrk run's CPU went, in microseconds of CPU per request.

  cpu.py snapshot FILE
      writes the machine's busy time and every process's CPU time (from /proc) to FILE.
  cpu.py report BEFORE AFTER REQUESTS SERVER_PID [ECHO_PID...]
      prints "skillhub=N postgres=N redis=N echo=N nginx=N rest=N steal=N" (µs of CPU per
      request): the SkillHub server, PostgreSQL, Redis, the echo servers and nginx by process;
      `rest` is the machine's busy time that none of them used (wrk, which has exited by then,
      perf, the kernel's own threads); `steal` the time the hypervisor gave to another machine
      while this one wanted to run: when it is high, every figure of that run is low.
"""
import json
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def machine_ticks():
    """(busy, steal): time the machine's CPUs ran something, and time the hypervisor
    ran something else while this machine wanted to run (a busy neighbour)."""
    with open("/proc/stat") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = [int(v) for v in stat.readline().split()[1:9]]
    return user + nice + system + irq + softirq, steal


def process_ticks():
    ticks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue
        comm = text[text.index("(") + 1:text.rindex(")")]
        rest = text[text.rindex(")") + 2:].split()
        ticks[pid] = [comm, int(rest[11]) + int(rest[12])]  # utime + stime
    return ticks


def snapshot(path):
    with open(path, "w") as out:
        busy, steal = machine_ticks()
        json.dump({"busy": busy, "steal": steal, "processes": process_ticks()}, out)


def group(pid, comm, server, echoes):
    if pid == server:
        return "skillhub"
    if pid in echoes:
        return "echo"
    if comm.startswith("postgres"):
        return "postgres"
    if comm.startswith("redis"):
        return "redis"
    if comm.startswith("nginx"):
        return "nginx"
    return None


def report(before_path, after_path, requests, server, echoes):
    with open(before_path) as f:
        before = json.load(f)
    with open(after_path) as f:
        after = json.load(f)
    used = {name: 0 for name in ("skillhub", "postgres", "redis", "echo", "nginx")}
    for pid, (comm, ticks) in after["processes"].items():
        name = group(pid, comm, server, echoes)
        if name is None:
            continue
        earlier = before["processes"].get(pid)
        used[name] += ticks - (earlier[1] if earlier and earlier[0] == comm else 0)
    used["rest"] = max(0, after["busy"] - before["busy"] - sum(used.values()))
    used["steal"] = after["steal"] - before["steal"]
    per_request = {name: ticks / TICKS * 1e6 / max(requests, 1) for name, ticks in used.items()}
    print(" ".join(f"{name}={value:.0f}" for name, value in per_request.items()))


if __name__ == "__main__":
    if sys.argv[1] == "snapshot":
        snapshot(sys.argv[2])
    elif sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5], set(sys.argv[6:]))
    else:
        sys.exit(f"unknown command {sys.argv[1]}")

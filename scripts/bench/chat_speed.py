#!/usr/bin/env python3
"""The `chat` figures of `make bench` (issue 16, "Speed"): what SkillHub adds to a streamed chat
completion, against the local llama-server asked directly, side by side in one run; and what idle
WebSocket sessions cost the server.

  chat_speed.py SKILLHUB_URL API_KEY LLM_URL OUT_JSON --server-pid PID [--llm-pid PID]
                [--rounds 30] [--max-tokens 64] [--sockets 500]

(a) Streamed completions (`stream: true`, `stream_options.include_usage`, one fixed prompt,
    `max_tokens`, temperature 0, a new connection each) to LLM_URL/v1/chat/completions (direct)
    and SKILLHUB_URL/v1/chat/completions (through SkillHub), alternating within every round (the
    side that goes first alternates too) after two warm-up calls each. Per call: the time to the
    first content token (request sent -> first chunk with non-empty `delta.content`) and tokens/s
    = (completion tokens - 1) / (last content chunk - first content chunk), the completion tokens
    from the usage chunk. Medians of each side, their difference, and the median of the rounds'
    paired differences. The model shares the machine's cores with everything, so the CPU time of
    SkillHub's own process (utime + stime from /proc/PID/stat, as scripts/bench/cpu.py) is the honest
    measure of what SkillHub adds: read before each call and 0.1 s after its last byte, on both sides
    (during a direct call SkillHub only does its background work: sweepers, probes), and the
    difference of the two sides' means is the CPU a call through SkillHub costs it; llama-server's
    CPU per call on both sides too, and how much of the machine other processes took meanwhile. A
    call whose stream ends in an error event (SkillHub's way of failing a stream that has begun) is
    counted as failed and left out.
(b) SOCKETS WebSocket connections to SKILLHUB_URL/ws/{client_id}?api_key=KEY (a minimal RFC 6455
    client on `socket`: handshake, masked text frames, text frames read), held idle; a `ping`
    frame on each, pongs counted; one message answered on one of them while all are open; the
    server's VmRSS before opening, with all open, and after closing them, per connection.

Prints a table; writes every figure (and each call's) to OUT_JSON. Python 3 standard library only.
"""
import argparse
import base64
import hashlib
import http.client
import json
import os
import resource
import select
import socket
import statistics
import struct
import sys
import time
import urllib.parse
import urllib.request

TICKS = os.sysconf("SC_CLK_TCK")
PROMPT = ("Write a long story about a lighthouse keeper who finds a message in a bottle. "
          "Describe the sea, the weather and every room of the lighthouse in detail.")


def cpu_seconds(pid):
    """utime + stime of a process (all its threads, dead ones included), in seconds."""
    if not pid:
        return 0.0
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    rest = text[text.rindex(")") + 2:].split()
    return (int(rest[11]) + int(rest[12])) / TICKS


def machine_seconds():
    """(busy, steal) as scripts/bench/cpu.py, in seconds: time the machine's CPUs ran anything, and time the
    hypervisor ran another machine while this one wanted to run."""
    with open("/proc/stat") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = [int(v) for v in stat.readline().split()[1:9]]
    return (user + nice + system + irq + softirq) / TICKS, steal / TICKS


def own_cpu_seconds():
    times = os.times()
    return times.user + times.system


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def median(values):
    return statistics.median(values) if values else None


def median_interval(values):
    """A distribution-free 95 % confidence interval of the median: the order statistics at
    n/2 -/+ 1.96 sqrt(n)/2 (None below 6 values)."""
    ordered = sorted(values)
    n = len(ordered)
    if n < 6:
        return None
    half = 1.96 * n ** 0.5 / 2
    low, high = max(0, int(n / 2 - half)), min(n - 1, int(-(-(n / 2 + half) // 1)))
    return [ordered[low], ordered[high]]


# --- (a) streamed completions -------------------------------------------------------------------

def stream_once(base, path, headers, model, max_tokens):
    """One streamed completion; returns its timings (seconds) and counts."""
    url = urllib.parse.urlsplit(base)
    body = json.dumps({
        "model": model, "stream": True, "stream_options": {"include_usage": True},
        "messages": [{"role": "user", "content": PROMPT}],
        "max_tokens": max_tokens, "temperature": 0,
    }).encode()
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
    started = time.perf_counter()
    connection.request("POST", path, body, {"Content-Type": "application/json", "Accept": "text/event-stream", **headers})
    response = connection.getresponse()
    if response.status != 200:
        text = response.read().decode(errors="replace")
        connection.close()
        raise RuntimeError(f"POST {base}{path}: HTTP {response.status}: {text[:500]}")
    first = last = None
    error = None
    chunks = 0
    content = []
    usage = None
    done = False
    while True:
        line = response.fp.readline()
        if not line:
            break
        line = line.strip()
        if not line.startswith(b"data:"):
            continue
        data = line[5:].strip()
        if data == b"[DONE]":
            done = True
            break
        event = json.loads(data)
        if event.get("error"):  # SkillHub's way of failing a stream that has begun
            error = event["error"].get("message") if isinstance(event["error"], dict) else str(event["error"])
        if event.get("usage"):
            usage = event["usage"]
        for choice in event.get("choices") or []:
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                now = time.perf_counter()
                if first is None:
                    first = now
                last = now
                chunks += 1
                content.append(piece)
    ended = time.perf_counter()
    connection.close()
    if first is None:
        raise RuntimeError(f"POST {base}{path}: no content streamed ({error or 'no error event'})")
    tokens = (usage or {}).get("completion_tokens") or chunks
    span = last - first
    return {
        "ttft_ms": (first - started) * 1000,
        "tokens": tokens, "chunks": chunks,
        "prompt_tokens": (usage or {}).get("prompt_tokens"),
        "tokens_per_s": (tokens - 1) / span if span > 0 and tokens > 1 else None,
        "chunks_per_s": (chunks - 1) / span if span > 0 and chunks > 1 else None,
        "total_ms": (ended - started) * 1000,
        "done": done, "usage": usage is not None, "error": error,
        "text": "".join(content),
    }


def completions(args, key):
    sides = {
        "direct": (args.llm_url, "/v1/chat/completions", {}),
        "skillhub": (args.skillhub_url, "/v1/chat/completions", {"Authorization": f"Bearer {key}"}),
    }
    for side in sides.values():  # warm-up: connections, the prompt cache of both slots
        for _ in range(2):
            stream_once(*side, args.model, args.max_tokens)
    calls = {"direct": [], "skillhub": []}
    started = time.perf_counter()
    before = (*machine_seconds(), cpu_seconds(args.server_pid), cpu_seconds(args.llm_pid), own_cpu_seconds())
    for round_index in range(args.rounds):
        order = ["direct", "skillhub"] if round_index % 2 == 0 else ["skillhub", "direct"]
        for name in order:
            server_before, llm_before = cpu_seconds(args.server_pid), cpu_seconds(args.llm_pid)
            call = stream_once(*sides[name], args.model, args.max_tokens)
            time.sleep(args.settle)  # what the call leaves for after its last byte is counted with it
            call["server_cpu_ms"] = (cpu_seconds(args.server_pid) - server_before) * 1000
            call["llm_cpu_ms"] = (cpu_seconds(args.llm_pid) - llm_before) * 1000 if args.llm_pid else None
            call["round"] = round_index
            calls[name].append(call)
        print(f"[chat] round {round_index + 1}/{args.rounds}: first token direct {calls['direct'][-1]['ttft_ms']:.1f} ms, "
              f"SkillHub {calls['skillhub'][-1]['ttft_ms']:.1f} ms", file=sys.stderr)
    after = (*machine_seconds(), cpu_seconds(args.server_pid), cpu_seconds(args.llm_pid), own_cpu_seconds())
    seconds = time.perf_counter() - started
    used = [b - a for a, b in zip(before, after)]
    # The machine's busy time that neither SkillHub, llama-server nor this client used: anything else that
    # ran meanwhile (other people's builds on a shared machine) and took cores from the model.
    machine = {"seconds": seconds, "busy_cores": used[0] / seconds, "steal_cores": used[1] / seconds,
               "others_cores": max(0.0, used[0] - used[2] - (used[3] if args.llm_pid else 0) - used[4]) / seconds}
    return calls, machine


def summarise(calls, machine):
    summary = {}
    for name, side in calls.items():
        side = [c for c in side if not c["error"]]
        rates = [c["tokens_per_s"] for c in side if c["tokens_per_s"]]
        summary[name] = {
            "calls": len(side), "failed": len(calls[name]) - len(side),
            "errors": sorted({c["error"] for c in calls[name] if c["error"]}),
            "ttft_ms_p50": median([c["ttft_ms"] for c in side]),
            "ttft_ms_min": min((c["ttft_ms"] for c in side), default=None),
            "ttft_ms_max": max((c["ttft_ms"] for c in side), default=None),
            "tokens_per_s_p50": median(rates),
            "chunks_per_s_p50": median([c["chunks_per_s"] for c in side if c["chunks_per_s"]]),
            "tokens_p50": median([c["tokens"] for c in side]),
            "chunks_p50": median([c["chunks"] for c in side]),
            "prompt_tokens": sorted({c["prompt_tokens"] for c in side if c["prompt_tokens"] is not None}),
            "total_ms_p50": median([c["total_ms"] for c in side]),
            "server_cpu_ms_per_call": sum(c["server_cpu_ms"] for c in side) / max(len(side), 1),
            "llm_cpu_ms_per_call": (sum(c["llm_cpu_ms"] for c in side) / len(side)) if side and side[0]["llm_cpu_ms"] is not None else None,
            "all_done": all(c["done"] for c in side),
            "all_usage": all(c["usage"] for c in side),
        }
    direct, through = calls["direct"], calls["skillhub"]
    pairs = [(d, s) for d, s in zip(direct, through) if not d["error"] and not s["error"]]
    paired_ttft = [s["ttft_ms"] - d["ttft_ms"] for d, s in pairs]
    paired_rate = [(s["tokens_per_s"] / d["tokens_per_s"] - 1) * 100 for d, s in pairs if s["tokens_per_s"] and d["tokens_per_s"]]
    d, s = summary["direct"], summary["skillhub"]
    summary["machine"] = machine
    both = lambda key: d[key] is not None and s[key] is not None
    summary["difference"] = {
        "ttft_ms_of_medians": s["ttft_ms_p50"] - d["ttft_ms_p50"] if both("ttft_ms_p50") else None,
        "ttft_ms_paired_median": median(paired_ttft),
        "ttft_ms_paired_interval": median_interval(paired_ttft),
        "tokens_per_s_percent_of_medians": (s["tokens_per_s_p50"] / d["tokens_per_s_p50"] - 1) * 100 if both("tokens_per_s_p50") else None,
        "tokens_per_s_percent_paired_median": median(paired_rate),
        "tokens_per_s_percent_paired_interval": median_interval(paired_rate),
        "server_cpu_ms_per_call_added": s["server_cpu_ms_per_call"] - d["server_cpu_ms_per_call"],
        # On a machine whose cores the model shares, SkillHub's CPU is taken from the model's.
        "server_cpu_share_of_llm_percent": ((s["server_cpu_ms_per_call"] - d["server_cpu_ms_per_call"]) / d["llm_cpu_ms_per_call"] * 100)
        if d["llm_cpu_ms_per_call"] else None,
        "same_text": all(a["text"] == b["text"] for a, b in pairs),
    }
    return summary


# --- (b) idle WebSocket sessions ----------------------------------------------------------------

class WebSocket:
    """A minimal RFC 6455 client: the opening handshake, masked text frames out, frames in."""

    def __init__(self, host, port, path, timeout=30):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            data = self.sock.recv(4096)
            if not data:
                raise RuntimeError(f"upgrade of {path}: connection closed after {head!r}")
            head += data
        head, self.buffer = head.split(b"\r\n\r\n", 1)
        lines = head.decode(errors="replace").split("\r\n")
        if " 101 " not in lines[0] + " ":
            raise RuntimeError(f"upgrade of {path} refused: {lines[0]} {self.buffer[:300]!r}")
        accept = base64.b64encode(hashlib.sha1((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        headers = {k.strip().lower(): v.strip() for k, v in (l.split(":", 1) for l in lines[1:] if ":" in l)}
        if headers.get("sec-websocket-accept") != accept:
            raise RuntimeError(f"upgrade of {path}: bad Sec-WebSocket-Accept {headers.get('sec-websocket-accept')!r}")

    def send(self, opcode, payload):
        header = bytes([0x80 | opcode])
        length = len(payload)
        if length < 126:
            header += bytes([0x80 | length])
        elif length < 65536:
            header += bytes([0x80 | 126]) + struct.pack("!H", length)
        else:
            header += bytes([0x80 | 127]) + struct.pack("!Q", length)
        mask = os.urandom(4)
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def send_text(self, text):
        self.send(0x1, text.encode())

    def _read(self, count):
        while len(self.buffer) < count:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("closed by the server")
            self.buffer += data
        data, self.buffer = self.buffer[:count], self.buffer[count:]
        return data

    def receive_text(self):
        """The next text message (fragments joined); answers the server's pings on the way."""
        parts = []
        while True:
            first, second = self._read(2)
            opcode, length = first & 0x0F, second & 0x7F
            if length == 126:
                length = struct.unpack("!H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack("!Q", self._read(8))[0]
            mask = self._read(4) if second & 0x80 else None
            payload = self._read(length)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x9:
                self.send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            if opcode == 0x8:
                code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else None
                raise ConnectionError(f"closed by the server ({code}: {payload[2:].decode(errors='replace')})")
            parts.append(payload)
            if first & 0x80:
                return b"".join(parts).decode()

    def close(self):
        try:
            self.send(0x8, struct.pack("!H", 1000))
            self.sock.settimeout(2)
            while True:  # until the server's close frame, or the connection's end
                first, second = self._read(2)
                length = second & 0x7F
                if length == 126:
                    length = struct.unpack("!H", self._read(2))[0]
                elif length == 127:
                    length = struct.unpack("!Q", self._read(8))[0]
                self._read(length + (4 if second & 0x80 else 0))
                if first & 0x0F == 0x8:
                    break
        except (OSError, ConnectionError):
            pass
        self.sock.close()


def raise_file_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        print(f"[chat] open files: soft limit raised from {soft} to {target} (hard {hard})", file=sys.stderr)
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        raise SystemExit(f"[chat] {needed} open files needed, the limit is {soft}")


def server_file_limit(pid):
    with open(f"/proc/{pid}/limits") as limits:
        for line in limits:
            if line.startswith("Max open files"):
                return line.split()[3]
    return "?"


def sockets(args, key):
    url = urllib.parse.urlsplit(args.skillhub_url)
    host, port = url.hostname, url.port
    raise_file_limit(args.sockets + 64)
    path = lambda i: f"/ws/bench-idle-{i}?api_key={urllib.parse.quote(key)}"
    # One socket opened, pinged and closed first: whatever the server sets up on its first socket.
    probe = WebSocket(host, port, path("probe"))
    probe.send_text('{"type":"ping"}')
    assert json.loads(probe.receive_text()).get("type") == "pong"
    probe.close()
    time.sleep(1)
    rss_before = rss_kib(args.server_pid)
    cpu_before = cpu_seconds(args.server_pid)
    opened = []
    failures = []
    started = time.perf_counter()
    for i in range(args.sockets):
        try:
            opened.append(WebSocket(host, port, path(i)))
        except (OSError, RuntimeError) as error:
            failures.append(f"socket {i}: {error}")
            if len(failures) >= 10:
                break
    open_seconds = time.perf_counter() - started
    open_cpu = cpu_seconds(args.server_pid) - cpu_before
    time.sleep(2)
    rss_open = rss_kib(args.server_pid)
    # A ping on each, then read the pongs.
    started = time.perf_counter()
    for ws in opened:
        ws.send_text('{"type":"ping"}')
    pongs = 0
    for ws in opened:
        try:
            frame = json.loads(ws.receive_text())
            pongs += frame.get("type") == "pong"
        except (OSError, ConnectionError, ValueError) as error:
            failures.append(f"pong: {error}")
    ping_seconds = time.perf_counter() - started
    # One message answered while all are open.
    answer = {}
    if opened:
        ws = opened[0]
        started = time.perf_counter()
        ws.send_text(json.dumps({"type": "message", "content": "Say hello in five words."}))
        frames = []
        while True:
            frame = json.loads(ws.receive_text())
            frames.append(frame["type"])
            if frame["type"] in ("complete", "error", "cancelled"):
                answer = {"final": frame["type"], "frames": len(frames), "chunks": frames.count("chunk"),
                          "seconds": time.perf_counter() - started,
                          "content": frame.get("content") if frame["type"] == "complete" else frame.get("message")}
                break
    rss_after_message = rss_kib(args.server_pid)
    still_open = 0
    for ws in opened:  # nothing closed meanwhile: one more ping each
        ws.send_text('{"type":"ping"}')
    for ws in opened:
        try:
            still_open += json.loads(ws.receive_text()).get("type") == "pong"
        except (OSError, ConnectionError, ValueError):
            pass
    for ws in opened:
        ws.close()
    time.sleep(3)
    rss_closed = rss_kib(args.server_pid)
    count = len(opened)
    return {
        "requested": args.sockets, "opened": count, "pongs": pongs, "pongs_second": still_open,
        "failures": failures[:10],
        "open_seconds": open_seconds, "open_server_cpu_ms_per_socket": open_cpu * 1000 / max(count, 1),
        "ping_seconds": ping_seconds,
        "rss_kib_before": rss_before, "rss_kib_open": rss_open, "rss_kib_after_message": rss_after_message,
        "rss_kib_closed": rss_closed,
        "kib_per_connection": (rss_open - rss_before) / max(count, 1),
        "message": answer,
        "client_file_limit": resource.getrlimit(resource.RLIMIT_NOFILE)[0],
        "server_file_limit": server_file_limit(args.server_pid),
    }


# --- report -------------------------------------------------------------------------------------

def fmt(value, digits=1):
    return "-" if value is None else f"{value:,.{digits}f}"


def table(result):
    s = result["summary"]
    d, h, diff = s["direct"], s["skillhub"], s["difference"]
    lines = [f"\nchat figure ({result['rounds']} rounds, each a streamed call to both, max_tokens {result['max_tokens']}, "
             f"temperature 0; medians)", f"{'':52} {'direct':>12} {'SkillHub':>12} {'difference':>14} {'target':>10}"]
    row = lambda label, a, b, c, t="": lines.append(f"{label:52} {a:>12} {b:>12} {c:>14} {t:>10}")
    row("time to first token (ms)", fmt(d["ttft_ms_p50"]), fmt(h["ttft_ms_p50"]), fmt(diff["ttft_ms_of_medians"]), "<= 5 ms")
    interval = lambda v, digits, unit: "" if v is None else f"[{v[0]:.{digits}f}, {v[1]:.{digits}f}]{unit}"
    row("  paired: median of the rounds' differences (ms)", "", "", fmt(diff["ttft_ms_paired_median"]))
    row("    its 95 % interval", "", "", interval(diff["ttft_ms_paired_interval"], 1, ""))
    row("tokens/s (first to last token)", fmt(d["tokens_per_s_p50"]), fmt(h["tokens_per_s_p50"]),
        fmt(diff["tokens_per_s_percent_of_medians"], 2) + " %", ">= -2 %")
    row("  paired: median of the rounds' differences", "", "", fmt(diff["tokens_per_s_percent_paired_median"], 2) + " %")
    row("    its 95 % interval", "", "", interval(diff["tokens_per_s_percent_paired_interval"], 1, " %"))
    row("completion tokens / content chunks per call", f"{fmt(d['tokens_p50'], 0)}/{fmt(d['chunks_p50'], 0)}",
        f"{fmt(h['tokens_p50'], 0)}/{fmt(h['chunks_p50'], 0)}", "")
    row("prompt tokens", ",".join(map(str, d["prompt_tokens"])) or "-", ",".join(map(str, h["prompt_tokens"])) or "-", "")
    row("whole call (ms)", fmt(d["total_ms_p50"]), fmt(h["total_ms_p50"]),
        fmt(h["total_ms_p50"] - d["total_ms_p50"] if d["total_ms_p50"] is not None and h["total_ms_p50"] is not None else None))
    row("SkillHub process CPU per call, background incl. (ms)", fmt(d["server_cpu_ms_per_call"], 2), fmt(h["server_cpu_ms_per_call"], 2),
        fmt(diff["server_cpu_ms_per_call_added"], 2))
    row("llama-server CPU per call (ms)", fmt(d["llm_cpu_ms_per_call"], 0), fmt(h["llm_cpu_ms_per_call"], 0),
        fmt(None if d["llm_cpu_ms_per_call"] is None else h["llm_cpu_ms_per_call"] - d["llm_cpu_ms_per_call"], 0))
    row("SkillHub's added CPU / llama-server's CPU per call", "", "", fmt(diff["server_cpu_share_of_llm_percent"], 2) + " %")
    row("same answer text on both sides, every round", "", "", "yes" if diff["same_text"] else "no")
    row("failed calls", str(d["failed"]), str(h["failed"]), "")
    for error in d["errors"] + h["errors"]:
        lines.append(f"  {error}")
    m = s["machine"]
    lines.append(f"(the rounds took {m['seconds']:.0f} s; the machine was busy {m['busy_cores']:.2f} cores of {os.cpu_count()} on average, "
                 f"{m['others_cores']:.2f} of them by other processes than SkillHub, llama-server and this client; "
                 f"stolen by the hypervisor: {m['steal_cores']:.2f} cores)")
    w = result["websocket"]
    lines.append(f"\n{'idle WebSocket sessions (/ws/{client_id})':52} {'measured':>14}")
    wrow = lambda label, value: lines.append(f"{label:52} {value:>14}")
    wrow("opened / requested", f"{w['opened']}/{w['requested']}")
    wrow("pongs to a ping on each (twice)", f"{w['pongs']}, {w['pongs_second']}")
    wrow("time to open them all (s)", fmt(w["open_seconds"], 2))
    wrow("SkillHub CPU per upgrade (ms)", fmt(w["open_server_cpu_ms_per_socket"], 2))
    wrow("server RSS before (MiB)", fmt(w["rss_kib_before"] / 1024))
    wrow(f"server RSS with {w['opened']} open (MiB)", fmt(w["rss_kib_open"] / 1024))
    wrow("  per connection (KiB)", fmt(w["kib_per_connection"]))
    wrow("server RSS after one message answered (MiB)", fmt(w["rss_kib_after_message"] / 1024))
    wrow("server RSS after closing them (MiB)", fmt(w["rss_kib_closed"] / 1024))
    m = w["message"]
    wrow("a message on one socket meanwhile", f"{m.get('final', '-')}, {m.get('chunks', 0)} chunks, {fmt(m.get('seconds'), 2)} s")
    if w["failures"]:
        lines.append("failures: " + "; ".join(w["failures"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("skillhub_url")
    parser.add_argument("api_key")
    parser.add_argument("llm_url", help="llama-server's base URL, without /v1")
    parser.add_argument("out")
    parser.add_argument("--server-pid", required=True)
    parser.add_argument("--llm-pid")
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--max-tokens", type=int, default=64)
    parser.add_argument("--sockets", type=int, default=500)
    parser.add_argument("--model", default="smollm2")
    parser.add_argument("--settle", type=float, default=0.1, help="seconds after each call before its CPU is read")
    args = parser.parse_args()
    args.llm_url = args.llm_url.rstrip("/").removesuffix("/v1")
    started = time.time()
    def loadavg():
        with open("/proc/loadavg") as f:
            return f.read().split()[:3]
    result = {"rounds": args.rounds, "max_tokens": args.max_tokens, "prompt": PROMPT, "model": args.model,
              "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)), "load_before": loadavg()}
    calls, machine = completions(args, args.api_key)
    result["summary"] = summarise(calls, machine)
    result["load_after_completions"] = loadavg()
    print(f"[chat] {args.sockets} idle WebSocket sessions", file=sys.stderr)
    result["websocket"] = sockets(args, args.api_key)
    result["load_after"] = loadavg()
    result["seconds"] = time.time() - started
    result["calls"] = calls
    with open(args.out, "w") as out:
        json.dump(result, out, indent=1)
    print(table(result))
    print(f"(load average {' '.join(result['load_before'])} before, {' '.join(result['load_after'])} after; "
          f"{result['seconds']:.0f} s)")


if __name__ == "__main__":
    main()

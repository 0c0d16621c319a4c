#!/usr/bin/env python3
"""SkillHub's own cost per streamed chat piece, without a model competing for the cores.

  chat_overhead.py SKILLHUB_URL API_KEY FAKE_PORT --server-pid PID [--calls 200] [--pieces 64] [--gap-ms 5]

Serves, on 127.0.0.1:FAKE_PORT, a fake OpenAI-compatible model that streams --pieces content chunks
shaped like llama-server's (role chunk, one chunk per token, finish chunk, usage chunk, [DONE]), one
every --gap-ms, then closes the connection as llama-server does. The SkillHub server (PID, its `chat`
skill's default model pointed at the fake: LLM_LOCAL_BASE_URL=http://127.0.0.1:FAKE_PORT/v1) is asked
--calls streamed completions through POST /v1/chat/completions, one after another, and the same number
straight to the fake. SkillHub's CPU (utime + stime from /proc/PID/stat) while its calls run, less what
it uses while the direct calls run (its background), divided by the calls and the pieces, is its CPU
per call and per piece; the time to the first content chunk of both sides gives what SkillHub adds to
the first token when no model holds the cores. Python 3 standard library only; prints a small table.
"""
import argparse
import http.client
import http.server
import json
import statistics
import threading
import time
import urllib.parse

from chat_speed import cpu_seconds


def fake_model(port, pieces, gap):
    """A threaded HTTP server streaming llama-server-shaped chunks."""
    def event(delta, finish=None, usage=None):
        body = {"choices": [{"finish_reason": finish, "index": 0, "delta": delta}], "created": int(time.time()),
                "id": "chatcmpl-fake0123456789abcdef0123456789", "model": "smollm2", "system_fingerprint": "b0-unknown",
                "object": "chat.completion.chunk"}
        if usage:
            body = {**body, "choices": [], "usage": usage}
        return b"data: " + json.dumps(body, separators=(",", ":")).encode() + b"\n\n"

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Connection", "close")
            self.end_headers()

            def send(data):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                self.wfile.flush()

            send(event({"role": "assistant", "content": None}))
            for index in range(pieces):
                time.sleep(gap)
                send(event({"content": f" word{index}"}))
            send(event({}, finish="length"))
            send(event({}, usage={"completion_tokens": pieces, "prompt_tokens": 61, "total_tokens": pieces + 61}))
            send(b"data: [DONE]\n\n")
            self.wfile.write(b"0\r\n\r\n")
            self.close_connection = True

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stream_once(base, headers):
    """One streamed completion; seconds to the first content chunk, and the content chunks."""
    url = urllib.parse.urlsplit(base)
    body = json.dumps({"model": "smollm2", "stream": True, "stream_options": {"include_usage": True},
                       "messages": [{"role": "user", "content": "Tell me a story."}], "max_tokens": 64}).encode()
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    started = time.perf_counter()
    connection.request("POST", "/v1/chat/completions", body, {"Content-Type": "application/json", **headers})
    response = connection.getresponse()
    if response.status != 200:
        raise RuntimeError(f"{base}: HTTP {response.status}: {response.read()[:300]!r}")
    first, chunks = None, 0
    for line in response.fp:
        line = line.strip()
        if not line.startswith(b"data:") or line == b"data: [DONE]":
            if line == b"data: [DONE]":
                break
            continue
        event = json.loads(line[5:])
        if any((choice.get("delta") or {}).get("content") for choice in event.get("choices") or []):
            chunks += 1
            first = first or time.perf_counter() - started
    connection.close()
    return first, chunks


def run(base, headers, calls, pid):
    stream_once(base, headers)  # warm-up
    before = cpu_seconds(pid)
    results = [stream_once(base, headers) for _ in range(calls)]
    return cpu_seconds(pid) - before, results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("skillhub_url")
    parser.add_argument("api_key")
    parser.add_argument("fake_port", type=int)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--pieces", type=int, default=64)
    parser.add_argument("--gap-ms", type=float, default=5)
    args = parser.parse_args()
    fake_model(args.fake_port, args.pieces, args.gap_ms / 1000)
    direct_cpu, direct = run(f"http://127.0.0.1:{args.fake_port}", {}, args.calls, args.server_pid)
    skillhub_cpu, through = run(args.skillhub_url, {"Authorization": f"Bearer {args.api_key}"}, args.calls, args.server_pid)
    if any(chunks != args.pieces for _, chunks in direct + through):
        raise SystemExit("a call streamed a different number of pieces")
    added_ms = (skillhub_cpu - direct_cpu) / args.calls * 1000
    ttft = lambda results: statistics.median(first for first, _ in results) * 1000
    print(f"calls per side {args.calls}, {args.pieces} pieces each, {args.gap_ms:g} ms apart")
    print(f"SkillHub CPU while its calls ran: {skillhub_cpu * 1000 / args.calls:.2f} ms per call; "
          f"while the direct ones ran (background): {direct_cpu * 1000 / args.calls:.2f} ms per call")
    print(f"SkillHub's CPU per call: {added_ms:.2f} ms, per piece: {added_ms / args.pieces * 1000:.0f} us")
    print(f"first content chunk, medians: direct {ttft(direct):.2f} ms, through SkillHub {ttft(through):.2f} ms, "
          f"difference {ttft(through) - ttft(direct):.2f} ms")
    print(f"load average {' '.join(open('/proc/loadavg').read().split()[:3])}")


if __name__ == "__main__":
    main()

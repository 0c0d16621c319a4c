#!/usr/bin/env python3
"""How long a restarted server takes to load a large collection's indexes (the warm-up), and
what a query during it waits. Two steps, around a restart of the server by scripts/bench.sh:

    search_warmup.py write BASE_URL KEY STATE_JSON --database-url URL [--chunks 100000] [--seed 1]
    search_warmup.py measure BASE_URL KEY STATE_JSON OUT_JSON --started EPOCH --server-pid PID

write: a collection of N synthetic chunks with random vectors, written with psql exactly as
search_scale.py writes its corpus (its functions), and the collection's name kept in STATE_JSON.
measure (the server restarted at EPOCH, Unix seconds, and ready): at once a hybrid query on the
collection (the warm-up is loading its indexes: the query waits for the same loads), its wall
time and results; /api/health `services.knowledge_indexes` every 0.1 s until `healthy` (or
`unhealthy`): the seconds from the restart to each state seen; the server's RSS then; a second
query (warm). Then deletes the collection. Python 3.11 standard library only.
"""
import argparse
import json
import random
import time
import urllib.parse

import search_scale
from skillhub_api import API

TIMEOUT = 1800  # s


def write(args):
    api = API(args.base_url, args.key, timeout=600)
    rng = random.Random(args.seed)
    name = f"search-warmup-{time.strftime('%Y%m%d-%H%M%S')}"
    created = api.call("POST", "/api/v1/knowledge/collections", {"name": name, "description": "search_warmup.py (temporary)"})
    words = search_scale.vocabulary(rng)
    rows = search_scale.synthetic_rows(rng, args.chunks, 10, words, search_scale.zipf_sampler(rng, len(words)))
    started = time.monotonic()
    search_scale.load_corpus(args.database_url, created["collection_id"], created["embedding_model"], rows, args.chunks, "synthetic")
    search_scale.log(f"warm-up: wrote {args.chunks:,} chunks into {name} in {time.monotonic() - started:.1f} s")
    with open(args.state_json, "w", encoding="utf-8") as f:
        json.dump({"collection": name, "chunks": args.chunks, "query": " ".join(words[search_scale.QUERY_SKIP:search_scale.QUERY_SKIP + 3])}, f)


def measure(args):
    with open(args.state_json, encoding="utf-8") as f:
        state = json.load(f)
    api = API(args.base_url, args.key, timeout=TIMEOUT)
    since = lambda: round(time.time() - args.started, 2)
    path = f"/api/v1/knowledge/collections/{urllib.parse.quote(state['collection'], safe='')}/query"
    report = {"chunks": state["chunks"], "ready_after_s": since(), "load_average_start": search_scale.load_average()}

    def query():
        health = api.call("GET", "/api/health")["services"].get("knowledge_indexes")
        sent, t = since(), time.monotonic()
        answer = api.call("POST", path, {"query": state["query"], "top_k": 10})
        return {"sent_at_s": sent, "warmup_state_when_sent": health, "wall_ms": round((time.monotonic() - t) * 1000, 1),
                "retrieval_ms": answer["timings"]["retrieval_ms"], "results": len(answer["results"])}

    report["query_during_warmup"] = query()
    states = {}
    while since() < TIMEOUT:
        current = api.call("GET", "/api/health")["services"].get("knowledge_indexes", "absent")
        states.setdefault(current, since())
        if current == "healthy" or current.startswith("unhealthy"):
            break
        time.sleep(0.1)
    report["states_first_seen_s"] = states
    report["rss_kib_when_loaded"] = search_scale.rss_kib(args.server_pid)
    report["query_after_warmup"] = query()
    report["load_average_end"] = search_scale.load_average()
    api.call("DELETE", f"/api/v1/knowledge/collections/{urllib.parse.quote(state['collection'], safe='')}")
    with open(args.out_json, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)

    during, after = report["query_during_warmup"], report["query_after_warmup"]
    last = max(states, key=states.get)
    print(f"\nsearch warm-up after a restart, {state['chunks']:,} chunks (load average {report['load_average_start']:.1f} at the start, "
          f"{report['load_average_end']:.1f} at the end)")
    print(f"ready (/ready 200) {report['ready_after_s']} s after the restart; knowledge_indexes '{last}' at {states[last]} s "
          f"(states first seen, s: {', '.join(f'{k!r} {v}' for k, v in states.items())}); RSS then {report['rss_kib_when_loaded'] / 1024:.0f} MiB")
    print(f"a hybrid query at {during['sent_at_s']} s (warm-up '{during['warmup_state_when_sent']}'): {during['wall_ms']} ms wall, "
          f"retrieval_ms {during['retrieval_ms']:.1f}, {during['results']} results; after the warm-up: {after['wall_ms']} ms wall, "
          f"retrieval_ms {after['retrieval_ms']:.1f}, {after['results']} results")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    steps = parser.add_subparsers(dest="step", required=True)
    for step in ("write", "measure"):
        sub = steps.add_parser(step)
        sub.add_argument("base_url")
        sub.add_argument("key")
        sub.add_argument("state_json")
        if step == "write":
            sub.add_argument("--database-url", required=True)
            sub.add_argument("--chunks", type=int, default=100_000)
            sub.add_argument("--seed", type=int, default=1)
        else:
            sub.add_argument("out_json")
            sub.add_argument("--started", type=float, required=True)
            sub.add_argument("--server-pid", type=int, required=True)
    args = parser.parse_args()
    (write if args.step == "write" else measure)(args)


if __name__ == "__main__":
    main()

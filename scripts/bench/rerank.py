#!/usr/bin/env python3
"""Writes the request bodies of the rerank figures of `make bench` into the
directory given as the first argument, deterministically (a fixed seed):

- rerank.json: `POST /api/v1/skills/rerank/invoke`, capability `rerank`, a
  query and 100 English-like candidate documents of 20 to 60 words each;
- rerank-v1.json: the same query and documents for `POST /v1/rerank` (Cohere shape);
- fuse.json: `POST /api/v1/skills/rerank/invoke`, capability `fuse`, 10 ranked
  lists of 1,000 ids each, drawn from 3,000 ids (so the lists overlap).
"""
import json
import random
import sys

out = sys.argv[1]
DOCUMENTS = 100
LISTS, ITEMS, IDS = 10, 1000, 3000

WORDS = """
service registry endpoint health check weight route request response latency throughput cache database index query
document search ranking relevance score model vector embedding token language text image recognition network server
client plugin skill capability version release deploy cluster node region replica shard queue stream event message
retry timeout failure error budget metric trace log alert dashboard user account key secret policy permission audit
storage memory disk core thread process schedule batch job task worker pipeline input output format schema field
value record table column row transaction commit lock conflict merge branch build test benchmark profile optimise
fast slow small large new old first last best worst simple complex stable open closed public private local remote
the a of and to in for on with by from at as is are was be can will may not this that each every more most
""".split()

rng = random.Random(20261203)


def sentence(low, high):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


query = "health check latency of remote endpoint routing"
documents = [sentence(20, 60) for _ in range(DOCUMENTS)]
ids = [f"doc-{i:05d}" for i in range(IDS)]
lists = [rng.sample(ids, ITEMS) for _ in range(LISTS)]

bodies = {
    "rerank.json": {"capability": "rerank", "input": {"query": query, "documents": documents, "top_n": 10}},
    "rerank-v1.json": {"query": query, "documents": documents, "top_n": 10},
    "fuse.json": {"capability": "fuse", "input": {"lists": lists, "top_n": 10}},
}
for name, body in bodies.items():
    with open(f"{out}/{name}", "w") as f:
        json.dump(body, f, separators=(",", ":"))
print(f"rerank: {DOCUMENTS} documents; fuse: {LISTS} lists of {ITEMS} ids")

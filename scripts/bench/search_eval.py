#!/usr/bin/env python3
"""The search skill's retrieval quality and ingestion speed, through the running server's API.

    search_eval.py BASE_URL KEY OUT_JSON [--set DIR] [--candidates N] [--keep] [--no-model-speed]

KEY is a bearer token (a JWT: three dot-separated parts) or an API key (sent as X-API-Key) of
a user with knowledge:read and knowledge:write (and skills:invoke for /v1/embeddings).

The evaluation set (DIR, default scripts/bench/search-eval; see its README.md):
  corpus.jsonl   {"id", "lang", "title", "text"}       one document each
  queries.jsonl  {"id", "lang", "type", "query"}
  qrels.tsv      query_id <TAB> doc_id <TAB> grade     (0-2; a header line; unlisted = 0)

What it does:
1. Creates a collection with a unique name and uploads every document as Markdown
   (`# title` then the text, `file_name` ID.md), a few uploads at a time, then polls the
   document list until every one is `ready` (any `failed` stops the run). Ingestion rate =
   chunks / (first upload sent .. last document seen ready).
2. The model's own speed through SkillHub's thinnest path: the stored chunks' texts (read back
   with one vector query of top_k 200: all of them for a set of at most 200 chunks) through
   POST /v1/embeddings in batches of 32 with input_type passage, sequentially: chunks/s and
   characters/s, to set beside the ingestion rate.
3. Every query in fulltext, vector and hybrid mode (RRF with k 60, the default), and in hybrid
   mode with other fusion settings (RRF with k 10, 30 and 120; weighted fusion with
   vector_weight 0.5, 0.3 and 0.7: what they would give, not a tuning): as a user asks
   (top_k 10, the server's default candidates) for nDCG@10 and Recall@10, and, for the first
   three, deep (top_k 100 chunks, candidates N, default 500) for Recall@100.
   Document-level ranking: a document's rank is the best rank of any of its chunks. nDCG@10
   (linear gains, log2 discount, ideal from all judged documents) and Recall (grade >= 1)
   per mode, overall, per query language and per query type; hybrid's relative nDCG@10 gain
   over the better of fulltext and vector; p50/p99 of the server's timings.retrieval_ms and
   embedding_ms (of the top_k 10 queries; the deep ones' are in the JSON); the ceiling of any fusion
   (search_ceiling.py): choosing, per query, the better of fulltext and vector, its relative gain,
   and the queries each channel already answers perfectly.
4. Deletes the collection (unless --keep).

Prints a table on stdout and writes every figure (and per-query nDCG@10 per mode) to OUT_JSON.
Python 3.11 standard library only.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time
import urllib.parse
import uuid
from concurrent.futures import ThreadPoolExecutor

from search_ceiling import ceiling, lines as ceiling_lines
from skillhub_api import API, APIError

MODES = [  # label, request fields; the first three are the figures, the rest what other fusion settings give
    ("fulltext", {"mode": "fulltext"}),
    ("vector", {"mode": "vector"}),
    ("hybrid", {"mode": "hybrid", "fusion": "rrf"}),
    ("hybrid rrf_k=10", {"mode": "hybrid", "fusion": "rrf", "rrf_k": 10}),
    ("hybrid rrf_k=30", {"mode": "hybrid", "fusion": "rrf", "rrf_k": 30}),
    ("hybrid rrf_k=120", {"mode": "hybrid", "fusion": "rrf", "rrf_k": 120}),
    ("weighted v=0.5", {"mode": "hybrid", "fusion": "weighted"}),
    ("weighted v=0.3", {"mode": "hybrid", "fusion": "weighted", "vector_weight": 0.3}),
    ("weighted v=0.7", {"mode": "hybrid", "fusion": "weighted", "vector_weight": 0.7}),
]
FIGURES = ("fulltext", "vector", "hybrid")
TOP_K = 100
NDCG_AT = 10
RECALL_AT = 100
TARGET_GAIN = 0.05  # hybrid's nDCG@10 over the better single channel, relative (issue 15)
MODEL_BATCH = 32
UPLOAD_THREADS = 4
READY_TIMEOUT = 1800  # s


def load_set(directory):
    with open(os.path.join(directory, "corpus.jsonl"), encoding="utf-8") as f:
        corpus = [json.loads(line) for line in f if line.strip()]
    with open(os.path.join(directory, "queries.jsonl"), encoding="utf-8") as f:
        queries = [json.loads(line) for line in f if line.strip()]
    qrels = {}
    with open(os.path.join(directory, "qrels.tsv"), encoding="utf-8") as f:
        for number, line in enumerate(f):
            fields = line.rstrip("\n").split("\t")
            if number == 0 and fields[0] == "query_id":
                continue
            if len(fields) != 3:
                continue
            qrels.setdefault(fields[0], {})[fields[1]] = int(fields[2])
    ids = {d["id"] for d in corpus}
    for qid, judged in qrels.items():
        unknown = set(judged) - ids
        if unknown:
            raise SystemExit(f"[search-eval] qrels of {qid} name unknown documents {sorted(unknown)}")
    queries = [q for q in queries if any(g > 0 for g in qrels.get(q["id"], {}).values())]
    return corpus, queries, qrels


def document_text(doc):
    return f"# {doc['title']}\n\n{doc['text']}\n" if doc.get("title") else doc["text"]



def load_average():
    """The machine's 1-minute load average (other work on the 2 cores slows every figure)."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])

def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list of numbers; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ndcg(ranked, judged, k):
    dcg = sum(judged.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg > 0 else 0.0


def recall(ranked, judged, k):
    relevant = {doc for doc, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def ingest(api, collection, corpus):
    path = f"/api/v1/knowledge/collections/{urllib.parse.quote(collection, safe='')}/documents"

    def upload(doc):
        answer = api.call("POST", path, {
            "text": document_text(doc), "file_name": doc["id"] + ".md", "title": doc.get("title") or doc["id"],
            "metadata": {"eval_id": doc["id"], "lang": doc.get("lang", "")},
        })
        return doc["id"], answer["document_id"]

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=UPLOAD_THREADS) as pool:
        pairs = list(pool.map(upload, corpus))
    uploaded = time.monotonic()
    by_document = {document: doc for doc, document in pairs}
    deadline = started + READY_TIMEOUT
    while True:
        documents = []
        offset = 0
        while True:
            page = api.call("GET", f"{path}?limit=500&offset={offset}")
            documents += page["documents"]
            offset += len(page["documents"])
            if not page["documents"] or offset >= page.get("total", 0):
                break
        failed = [d for d in documents if d["status"] == "failed"]
        if failed:
            raise SystemExit(f"[search-eval] {len(failed)} documents failed, e.g. {failed[0].get('error')}")
        mine = [d for d in documents if d["document_id"] in by_document]
        if len(mine) == len(by_document) and all(d["status"] == "ready" for d in mine):
            break
        if time.monotonic() > deadline:
            raise SystemExit("[search-eval] documents not ready after %d s" % READY_TIMEOUT)
        time.sleep(0.1)
    ready = time.monotonic()
    chunks = sum(d.get("chunks_total", 0) for d in mine)
    characters = sum(len(document_text(doc)) for doc in corpus)
    seconds = ready - started
    return by_document, {
        "documents": len(mine), "chunks": chunks, "characters_uploaded": characters,
        "upload_seconds": round(uploaded - started, 3), "seconds": round(seconds, 3),
        "chunks_per_second": round(chunks / seconds, 2),
    }


def stored_chunks(api, collection):
    """The texts of the collection's chunks as stored (all of them when there are at most 200):
    one vector query for the most the API answers."""
    path = f"/api/v1/knowledge/collections/{urllib.parse.quote(collection, safe='')}/query"
    answer = api.call("POST", path, {"query": "overview", "top_k": 200, "candidates": 2000, "mode": "vector"})
    texts = {}
    for result in answer.get("results", []):
        texts.setdefault(result.get("chunk_id"), result.get("text", ""))
    return [t for t in texts.values() if t]


def model_speed(api, texts):
    """The embedding model alone, through POST /v1/embeddings: the chunks' texts, batches of 32."""
    api.call("POST", "/v1/embeddings", {"input": texts[:1], "input_type": "passage"})  # warm
    started = time.monotonic()
    tokens = 0
    for i in range(0, len(texts), MODEL_BATCH):
        answer = api.call("POST", "/v1/embeddings", {"input": texts[i:i + MODEL_BATCH], "input_type": "passage"}, timeout=600)
        tokens += answer.get("usage", {}).get("prompt_tokens", 0)
    seconds = time.monotonic() - started
    characters = sum(len(t) for t in texts)
    return {
        "texts": len(texts), "of": "the stored chunks' texts", "characters": characters, "tokens": tokens, "seconds": round(seconds, 3),
        "texts_per_second": round(len(texts) / seconds, 2), "characters_per_second": round(characters / seconds, 1),
        "tokens_per_second": round(tokens / seconds, 1) if tokens else None, "batch": MODEL_BATCH,
    }


def run_queries(api, collection, queries, qrels, by_document, fields, top_k, candidates):
    path = f"/api/v1/knowledge/collections/{urllib.parse.quote(collection, safe='')}/query"
    per_query = {}
    retrieval, embedding = [], []
    for query in queries:
        body = {"query": query["query"], "top_k": top_k, **fields}
        if candidates:
            body["candidates"] = candidates
        answer = api.call("POST", path, body)
        ranked = []
        for result in answer.get("results", []):
            doc = by_document.get(result.get("document_id"))
            if doc is not None and doc not in ranked:
                ranked.append(doc)
        judged = qrels.get(query["id"], {})
        per_query[query["id"]] = {
            "ndcg": ndcg(ranked, judged, NDCG_AT), "recall@10": recall(ranked, judged, 10),
            "recall@100": recall(ranked, judged, RECALL_AT), "top": ranked[:3],
        }
        timings = answer.get("timings", {})
        if "retrieval_ms" in timings:
            retrieval.append(timings["retrieval_ms"])
        if fields.get("mode") != "fulltext" and "embedding_ms" in timings:
            embedding.append(timings["embedding_ms"])
    return per_query, retrieval, embedding


def summarise(per_query, queries, key):
    groups = {"all": queries}
    for query in queries:
        groups.setdefault(query["lang"], []).append(query)
        groups.setdefault(f"{query['lang']}/{query.get('type', '-')}", []).append(query)
    return {
        name: {"queries": len(members), "value": round(statistics.fmean(per_query[q["id"]][key] for q in members), 4)}
        for name, members in groups.items()
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url")
    parser.add_argument("key")
    parser.add_argument("out_json")
    parser.add_argument("--set", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "search-eval"))
    parser.add_argument("--candidates", type=int, default=500)
    parser.add_argument("--keep", action="store_true", help="keep the collection")
    parser.add_argument("--no-model-speed", action="store_true")
    args = parser.parse_args()

    api = API(args.base_url, args.key)
    load_before = load_average()
    corpus, queries, qrels = load_set(args.set)
    collection = f"search-eval-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    created = api.call("POST", "/api/v1/knowledge/collections", {"name": collection, "description": "search_eval.py (temporary)"})
    log = lambda message: print(f"[search-eval] {message}", file=sys.stderr, flush=True)
    log(f"collection {collection} ({created.get('embedding_model')}, {created.get('dimensions')} dimensions); "
        f"{len(corpus)} documents, {len(queries)} queries")
    report = {
        "set": os.path.relpath(args.set), "collection": collection, "embedding_model": created.get("embedding_model"),
        "documents": len(corpus), "queries": len(queries),
        "queries_by_language": {lang: sum(1 for q in queries if q["lang"] == lang) for lang in sorted({q["lang"] for q in queries})},
        "top_k": TOP_K, "candidates": args.candidates,
    }
    try:
        by_document, report["ingestion"] = ingest(api, collection, corpus)
        log(f"ingested {report['ingestion']['chunks']} chunks in {report['ingestion']['seconds']} s")
        if not args.no_model_speed:
            report["model"] = model_speed(api, stored_chunks(api, collection))
            log(f"model alone: {report['model']['texts_per_second']} texts/s")
        report["modes"] = {}
        per_mode = {}
        timing = lambda values: {"p50": percentile(values, 50), "p99": percentile(values, 99), "n": len(values)}
        for label, fields in MODES:
            # As a user asks: top_k 10 and the server's default candidates.
            per_query, retrieval, embedding = run_queries(api, collection, queries, qrels, by_document, fields, NDCG_AT, None)
            per_mode[label] = per_query
            report["modes"][label] = {
                "request": fields,
                "ndcg@10": summarise(per_query, queries, "ndcg"),
                "recall@10": summarise(per_query, queries, "recall@10"),
                "retrieval_ms": timing(retrieval), "embedding_ms": timing(embedding),
            }
            if label in FIGURES:
                # Deep: top_k 100 (chunks) and --candidates per channel, for Recall@100 (the other fusion
                # settings fuse the same two candidate lists: their Recall@100 is hybrid's).
                deep, deep_retrieval, deep_embedding = run_queries(api, collection, queries, qrels, by_document, fields, TOP_K, args.candidates)
                report["modes"][label].update({
                    "recall@100": summarise(deep, queries, "recall@100"),
                    "ndcg@10_of_the_deep_query": summarise(deep, queries, "ndcg"),
                    "deep_retrieval_ms": timing(deep_retrieval), "deep_embedding_ms": timing(deep_embedding),
                })
            log(f"{label}: nDCG@10 {report['modes'][label]['ndcg@10']['all']['value']}")
    finally:
        if not args.keep:
            api.call("DELETE", f"/api/v1/knowledge/collections/{urllib.parse.quote(collection, safe='')}")

    groups = ["all"] + sorted(report["queries_by_language"])
    gains = {}
    for group in groups:
        value = lambda mode: report["modes"][mode]["ndcg@10"][group]["value"]
        best_single = max(value("fulltext"), value("vector"))
        gains[group] = {"better_single": "fulltext" if value("fulltext") >= value("vector") else "vector"}
        for label, fields in MODES:
            if fields["mode"] == "hybrid":
                gains[group][label] = round((value(label) - best_single) / best_single, 4) if best_single else None
    report["hybrid_gain_ndcg@10"] = gains
    report["fusion_ceiling"] = ceiling(per_mode, queries, groups, target=TARGET_GAIN)
    report["load_average"] = {"start": load_before, "end": load_average()}
    report["per_query_ndcg@10"] = {q["id"]: {mode: round(per_mode[mode][q["id"]]["ndcg"], 4) for mode, _ in MODES} for q in queries}
    with open(args.out_json, "w", encoding="utf-8") as f:
        json.dump(report, f, ensure_ascii=False, indent=2)

    # The table.
    ing, model = report["ingestion"], report.get("model")
    print(f"\nsearch quality: {len(corpus)} documents, {len(queries)} queries "
          f"({', '.join(f'{n} {lang}' for lang, n in report['queries_by_language'].items())}), {report['embedding_model']}; "
          f"load average {report['load_average']['start']:.1f} at the start, {report['load_average']['end']:.1f} at the end")
    header = f"{'mode':<16}" + "".join(f"{'nDCG@10 ' + g:>13}" for g in groups) + "".join(f"{'R@10 ' + g:>10}" for g in groups) \
        + "".join(f"{'R@100 ' + g:>11}" for g in groups) + f"{'retrieval p50/p99 ms':>22}{'embed p50/p99 ms':>18}"
    print(header)
    for label, _ in MODES:
        mode = report["modes"][label]
        fmt = lambda t: "-" if t["p50"] is None else f"{t['p50']:.1f}/{t['p99']:.1f}"
        print(f"{label:<16}" + "".join(f"{mode['ndcg@10'][g]['value']:>13.4f}" for g in groups)
              + "".join(f"{mode['recall@10'][g]['value']:>10.4f}" for g in groups)
              + "".join(f"{mode['recall@100'][g]['value']:>11.4f}" if "recall@100" in mode else f"{'-':>11}" for g in groups)
              + f"{fmt(mode['retrieval_ms']):>22}{fmt(mode['embedding_ms']):>18}")
    types = sorted({f"{q['lang']}/{q.get('type', '-')}" for q in queries})
    print("nDCG@10 by query type: " + "; ".join(
        f"{t} ({report['modes']['fulltext']['ndcg@10'][t]['queries']}) " + "/".join(f"{report['modes'][m]['ndcg@10'][t]['value']:.2f}" for m in ("fulltext", "vector", "hybrid"))
        for t in types) + "  (fulltext/vector/hybrid)")
    line = lambda kind: "  ".join(
        f"{g} {gains[g][kind] * 100:+.1f}% (vs {gains[g]['better_single']})" if gains[g][kind] is not None else f"{g} -" for g in groups)
    print(f"hybrid (rrf, k 60: the default) gain in nDCG@10 over the better single channel (target >= +{TARGET_GAIN * 100:.0f}%): {line('hybrid')}")
    for label, fields in MODES[3:]:
        print(f"  {label} instead: {line(label)}")
    print("the ceiling of fusing the two channels (choosing, per query, the better of them: see search_ceiling.py):")
    for text in ceiling_lines(report["fusion_ceiling"], target=TARGET_GAIN):
        print(text)
    print(f"ingestion: {ing['chunks']} chunks of {ing['documents']} documents in {ing['seconds']:.1f} s "
          f"(first upload to last ready) = {ing['chunks_per_second']:.2f} chunks/s")
    if model:
        share = f"; ingestion at {ing['chunks_per_second'] / model['texts_per_second'] * 100:.0f}% of the model's rate" \
            if model["texts"] == ing["chunks"] else f" (a sample of {model['texts']} of the {ing['chunks']} chunks)"
        print(f"the model alone (POST /v1/embeddings of the stored chunks' texts, batches of {model['batch']}): {model['texts']} chunks in "
              f"{model['seconds']:.1f} s = {model['texts_per_second']:.2f} chunks/s, {model['characters_per_second']:.0f} characters/s{share}")


if __name__ == "__main__":
    try:
        main()
    except APIError as error:
        raise SystemExit(f"[search-eval] {error}") from None

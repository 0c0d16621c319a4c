#!/usr/bin/env python3
"""The search skill's query latency at scale: a generated corpus of N chunks (default 100,000)
with synthetic vectors, written straight into PostgreSQL, then hybrid queries through the API.

    search_scale.py BASE_URL KEY OUT_JSON --database-url URL --server-pid PID
                    [--chunks 100000] [--chunks-per-document 10] [--queries 300] [--seed 1]
                    [--corpus synthetic|real] [--embeddings-cache FILE]

--corpus real: instead of the synthetic corpus, N real paragraphs (scripts/bench/real_texts.py:
Python's docstrings in English, the Chinese manual pages) with their e5 vectors from the server's
own model (POST /v1/embeddings, cached in --embeddings-cache, by default beside OUT_JSON), and as
queries the labelled set's (scripts/bench/search-eval/queries.jsonl) and the first sentences of
paragraphs held out of the corpus: HNSW's recall@10 on real vectors (step 5). The lexemes are the
paragraphs' lowercase words and single CJK characters (close to, not exactly, the host's tokens).

KEY: a bearer token (JWT) or an API key (X-API-Key) of a user with knowledge:read/write.
The database URL is the server's DATABASE_URL (psql must be on the PATH).

1. Creates a collection through the API, so its namespace, account and embedding model are
   the server's own, and reads its id back.
2. Generates the corpus: N / chunks-per-document documents (status ready) of chunks of 40-80
   words drawn from a Zipf-distributed vocabulary of 30,000 made-up English-like words (so
   common words match tens of thousands of chunks, as real text does), each chunk's
   `lexemes` the tsvector of its words with positions (the host's own format: lowercase
   terms, no stemming), and a random 384-dimensional float32 little-endian vector,
   L2-normalised, under the collection's model. All through one psql session: COPY into a
   temporary table, then INSERT into knowledge_documents, knowledge_chunks and
   knowledge_vectors, then ANALYZE.
3. Reads the server's RSS (/proc/PID/status VmRSS), sends a first query in fulltext mode (it
   loads the collection's in-memory term index from the chunks' lexemes: its time is that
   index's load), reads the RSS again: (after - before) / N = bytes per chunk of the term index
   (an upper bound, as below). Then the first hybrid query (it loads the
   collection's in-memory vector index from PostgreSQL: its time is the index load; the index
   answers by exact search at once and builds its HNSW graph in the background), waits until
   the server is idle (CPU time from /proc/PID/stat: the graph is built), reads the RSS again:
   (after - before) / N = bytes per vector of the in-memory index (an upper bound: it
   includes the allocator's slack from loading).
4. Runs the queries (2-5 words, Zipf-drawn from the same vocabulary without its 50 most
   frequent words, which play the part of function words: a query's commonest word still
   occurs in about a tenth of the chunks) in hybrid mode (RRF,
   top_k 10, the server's default candidates, no rerank), then a third as many in fulltext
   and vector mode alone to attribute the time; p50/p99 of the server's timings.retrieval_ms
   (everything except the query's embedding) and timings.embedding_ms, and of the client's
   wall time.
5. HNSW's recall@10 against exact search, with the vector-mode queries of step 4 (real e5
   query vectors against the synthetic ones): the vector channel as served (candidates 50,
   so HNSW's ef is the index's default: 100, 64 before d3ed60a) and with candidates 100, 200 and
   500 (ef = candidates), each against the
   exact top 10, which the server itself computes over a copy of the vectors split into
   collections of at most 1,900 chunks (below its exact-search threshold of 2,000), asked 20
   at a time through POST /api/v1/knowledge/query. --no-recall skips it.
6. Deletes the collections (through the API; the main one with SQL if the API call fails).

Prints a table on stdout and writes the figures to OUT_JSON. Python 3.11 standard library only.
"""
import argparse
import json
import math
import os
import random
import struct
import subprocess
import sys
import time
import urllib.parse
import re
import uuid

import real_texts
from skillhub_api import API, APIError

DIMENSIONS = 384
VOCABULARY = 30_000
CONSONANTS = "bcdfghjklmnprstvwz"
VOWELS = "aeiou"
# The host tokenizer's English stop words (Tokenizer.defaultStopwords): left out of the vocabulary.
STOPWORDS = {"a", "an", "and", "are", "as", "at", "be", "by", "do", "does", "for", "from", "how", "in", "is", "it", "of", "on",
             "or", "that", "the", "this", "to", "was", "what", "when", "where", "which", "who", "why", "with"}
# Queries draw their words from below this many most frequent words (the synthetic language's
# function words), with the same Zipf law over the rest.
QUERY_SKIP = 50
# The recall figure's exact reference: copies of the vectors in collections of at most this many,
# which the server searches exactly (VectorIndexConfiguration.exactSearchThreshold is 2,000), asked
# at most QUERY_COLLECTIONS at a time (the query API's limit).
EXACT_PART = 1_900
QUERY_COLLECTIONS = 20
# The recall figure's candidate list sizes besides the default (max(50, 5 x top_k)): the vector
# index is asked for `candidates` neighbours with HNSW's ef = max(candidates, efSearch): efSearch is
# 100 (64 before d3ed60a).
RECALL_CANDIDATES = (100, 200, 500)


def log(message):
    print(f"[search-scale] {message}", file=sys.stderr, flush=True)



def load_average():
    """The machine's 1-minute load average (other work on the 2 cores slows every figure)."""
    with open("/proc/loadavg") as f:
        return float(f.read().split()[0])

def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise SystemExit(f"[search-scale] no VmRSS for process {pid}")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def build_threads(pid):
    """The process's vector index build threads: BackgroundWork lowers their priority to nice 10
    (its thread name does not reach Linux), the only threads of the server above nice 0."""
    count = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/stat") as f:
                count += int(f.read().rsplit(")", 1)[1].split()[16]) > 0  # field 19: nice
        except (OSError, IndexError, ValueError):
            pass  # the thread ended meanwhile
    return count


def wait_until_idle(pid, window=2.0, windows=2, busy_share=0.10, timeout=3600):
    """Waits until the index's background graph build has finished: no build thread is left and
    the process used less than `busy_share` of a core in `windows` consecutive windows of `window`
    seconds; the seconds waited. (CPU use alone is not enough: the build thread runs at nice 10, so
    on a busy machine it can get less than a tenth of a core for minutes. Raising its priority
    from outside, e.g. to finish a bench sooner, makes it invisible here: then only CPU use tells.)"""
    started = time.monotonic()
    quiet = 0
    while quiet < windows and time.monotonic() - started < timeout:
        before = cpu_seconds(pid)
        time.sleep(window)
        quiet = quiet + 1 if cpu_seconds(pid) - before < busy_share * window and not build_threads(pid) else 0
    return time.monotonic() - started - window * windows


def vocabulary(rng):
    words = set()
    while len(words) < VOCABULARY:
        syllables = rng.choice((1, 2, 2, 3, 3, 4))
        word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) + (rng.choice(CONSONANTS) if rng.random() < 0.3 else "") for _ in range(syllables))
        if word not in STOPWORDS:
            words.add(word)
    return sorted(words, key=lambda w: (len(w), w))


def zipf_sampler(rng, size, exponent=1.0):
    weights = [1 / (rank ** exponent) for rank in range(1, size + 1)]
    total = 0.0
    cumulative = []
    for w in weights:
        total += w
        cumulative.append(total)
    return lambda k: rng.choices(range(size), cum_weights=cumulative, k=k)


def tsvector(words):
    positions = {}
    for index, word in enumerate(words, start=1):
        positions.setdefault(word, []).append(str(min(index, 16383)))
    return " ".join(f"'{word}':{','.join(p[:256])}" for word, p in positions.items())


def random_vector_hex(rng):
    values = [rng.gauss(0.0, 1.0) for _ in range(DIMENSIONS)]
    norm = math.sqrt(sum(v * v for v in values)) or 1.0
    return struct.pack(f"<{DIMENSIONS}f", *(v / norm for v in values)).hex()


def vector_source(rng, count, pool=4096):
    """`count` distinct unit vectors (hex of float32 little-endian): each a random unit vector of a
    pool with its components rotated by a random shift (a rotation keeps the norm; different shifts
    of one vector are as unrelated as random vectors), so 100,000 need only 4,096 Gaussian draws."""
    bases = [random_vector_hex(rng) for _ in range(min(pool, count))]
    width = 8  # hex digits per float32
    for pick in rng.sample(range(len(bases) * DIMENSIONS), count):
        base, shift = bases[pick // DIMENSIONS], (pick % DIMENSIONS) * width
        yield base[shift:] + base[:shift]


def copy_escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def synthetic_rows(rng, chunks, per_document, words, draw):
    """The synthetic corpus's rows (document id, position, content, tsvector, vector hex): `chunks`
    chunks of 40-80 Zipf-drawn words, `per_document` to a document, with random unit vectors."""
    vectors = vector_source(rng, chunks)
    written = 0
    while written < chunks:
        document_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        for position in range(min(per_document, chunks - written)):
            terms = [words[i] for i in draw(rng.randint(40, 80))]
            yield document_id, position, " ".join(terms), tsvector(terms), next(vectors)
            written += 1


def real_rows(rng, passages, vectors, per_document):
    """The real corpus's rows: `passages` with their `vectors` (hex), `per_document` to a document;
    lexemes: lowercase words and single CJK characters, stop words left out."""
    for start in range(0, len(passages), per_document):
        document_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        for position, index in enumerate(range(start, min(start + per_document, len(passages)))):
            terms = [t for t in re.findall(r"[a-z0-9_]+|[\u4e00-\u9fff]", passages[index].lower()) if t not in STOPWORDS]
            yield document_id, position, passages[index], tsvector(terms), vectors[index]


def labelled_queries():
    """The labelled set's queries (English and Chinese), as extra queries for the real corpus."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "search-eval", "queries.jsonl")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["query"] for line in f if line.strip()]


def load_corpus(database_url, collection_id, model, rows, chunks, source):
    """Streams the SQL and COPY data of `rows` (document id, position, content, tsvector, vector
    hex; `chunks` of them) into one psql session; the documents are ready and say `source`."""
    psql = subprocess.Popen(
        ["psql", database_url, "-v", "ON_ERROR_STOP=1", "-q", "-X", "-f", "-"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    out = psql.stdin
    out.write("BEGIN;\n")
    out.write("CREATE TEMP TABLE scale_stage (document_id uuid, position integer, content text, lexemes tsvector, vector bytea) ON COMMIT DROP;\n")
    out.write("COPY scale_stage FROM STDIN;\n")
    written = 0
    documents = set()
    started = time.monotonic()
    for document_id, position, content, lexemes, vector in rows:
        out.write(f"{document_id}\t{position}\t{copy_escape(content)}\t{copy_escape(lexemes)}\t\\\\x{vector}\n")
        documents.add(document_id)
        written += 1
        if written % max(1, chunks // 10) == 0:
            log(f"generated {written:,} chunks ({time.monotonic() - started:.0f} s)")
    out.write("\\.\n")
    cid = collection_id.replace("'", "")
    m = model.replace("'", "''")
    label = source.replace("'", "''")
    out.write(f"""
INSERT INTO knowledge_documents (document_id, collection_id, title, source, format, checksum, byte_size, status, chunks_total, chunks_embedded, metadata)
SELECT document_id, '{cid}', '{label} ' || left(document_id::text, 8), 'search_scale.py', 'text', md5(document_id::text), sum(length(content)),
       'ready', count(*), count(*), jsonb_build_object('corpus', '{label}')
FROM scale_stage GROUP BY document_id;
INSERT INTO knowledge_chunks (document_id, collection_id, position, content, lexemes)
SELECT document_id, '{cid}', position, content, lexemes FROM scale_stage ORDER BY document_id, position;
INSERT INTO knowledge_vectors (chunk_id, model, vector)
SELECT k.chunk_id, '{m}', s.vector FROM scale_stage s JOIN knowledge_chunks k USING (document_id, position) WHERE k.collection_id = '{cid}';
COMMIT;
ANALYZE knowledge_documents; ANALYZE knowledge_chunks; ANALYZE knowledge_vectors;
""")
    out.close()
    psql.stdout.read()
    stderr = psql.stderr.read()
    if psql.wait() != 0:
        raise SystemExit(f"[search-scale] psql failed: {stderr.strip()[:2000]}")
    return written, len(documents)


def exact_copies(api, database_url, name, collection_id, model, stored):
    """Copies the collection's vectors into ceil(stored / EXACT_PART) new collections (made through
    the API, filled with SQL: one ready document each, chunks without text whose `position` is the
    original chunk id), which the server searches exactly. Returns their names."""
    names, rows = [], []
    for part in range(math.ceil(stored / EXACT_PART)):
        names.append(f"{name}-exact-{part:03d}")
        created = api.call("POST", "/api/v1/knowledge/collections", {"name": names[-1], "description": "search_scale.py exact copy (temporary)"})
        rows.append(f"({part}, '{created['collection_id']}'::uuid, gen_random_uuid())")
    cid, m = collection_id.replace("'", ""), model.replace("'", "''")
    psql = subprocess.run(["psql", database_url, "-v", "ON_ERROR_STOP=1", "-q", "-X"], capture_output=True, text=True, input=f"""
BEGIN;
CREATE TEMP TABLE exact_parts (part integer, collection_id uuid, document_id uuid) ON COMMIT DROP;
INSERT INTO exact_parts VALUES {', '.join(rows)};
CREATE TEMP TABLE exact_source ON COMMIT DROP AS
SELECT k.chunk_id, v.vector, (row_number() OVER (ORDER BY k.chunk_id) - 1) / {EXACT_PART} AS part
FROM knowledge_chunks k JOIN knowledge_vectors v USING (chunk_id) WHERE k.collection_id = '{cid}' AND v.model = '{m}';
INSERT INTO knowledge_documents (document_id, collection_id, title, source, format, status, chunks_total, chunks_embedded)
SELECT p.document_id, p.collection_id, 'exact copy', 'search_scale.py', 'text', 'ready', count(*), count(*)
FROM exact_parts p JOIN exact_source s USING (part) GROUP BY p.document_id, p.collection_id;
INSERT INTO knowledge_chunks (document_id, collection_id, position, content, lexemes)
SELECT p.document_id, p.collection_id, s.chunk_id::integer, '', ''::tsvector FROM exact_source s JOIN exact_parts p USING (part);
INSERT INTO knowledge_vectors (chunk_id, model, vector)
SELECT k.chunk_id, '{m}', s.vector FROM exact_source s JOIN exact_parts p USING (part)
JOIN knowledge_chunks k ON k.document_id = p.document_id AND k.position = s.chunk_id::integer;
COMMIT;
""")
    if psql.returncode != 0:
        raise SystemExit(f"[search-scale] copying the vectors failed: {psql.stderr.strip()[:2000]}")
    return names


def exact_nearest(api, names, text, k):
    """The `k` nearest chunks (original ids) by exact search over the copies, best first."""
    found = []
    for i in range(0, len(names), QUERY_COLLECTIONS):
        answer = api.call("POST", "/api/v1/knowledge/query", {"collections": names[i:i + QUERY_COLLECTIONS], "query": text, "top_k": k, "mode": "vector"})
        found += [(r["score"], r["position"]) for r in answer["results"]]
    found.sort(key=lambda pair: (-pair[0], pair[1]))
    return [chunk for _, chunk in found[:k]]


def sql_value(database_url, statement):
    return subprocess.run(["psql", database_url, "-X", "-A", "-t", "-c", statement], check=True, capture_output=True, text=True).stdout.strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url")
    parser.add_argument("key")
    parser.add_argument("out_json")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--chunks", type=int, default=100_000)
    parser.add_argument("--chunks-per-document", type=int, default=10)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-recall", action="store_true", help="skip HNSW's recall@10 against exact search (step 5)")
    parser.add_argument("--corpus", choices=("synthetic", "real"), default="synthetic")
    parser.add_argument("--embeddings-cache", help="the real corpus's vectors (JSON lines; default: beside OUT_JSON)")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    load_before = load_average()
    api = API(args.base_url, args.key, timeout=600)
    name = f"search-scale-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    created = api.call("POST", "/api/v1/knowledge/collections", {"name": name, "description": "search_scale.py (temporary)"})
    collection_id, model, dimensions = created["collection_id"], created["embedding_model"], created["dimensions"]
    if dimensions != DIMENSIONS:
        raise SystemExit(f"[search-scale] the collection has {dimensions} dimensions; this script writes {DIMENSIONS}")
    query_path = f"/api/v1/knowledge/collections/{urllib.parse.quote(name, safe='')}/query"
    exact_names = []
    report = {"collection": name, "embedding_model": model, "corpus": args.corpus, "chunks": args.chunks, "chunks_per_document": args.chunks_per_document}
    try:
        if args.corpus == "real":
            passages, texts = real_texts.corpus(args.seed, args.chunks, 1 + args.queries + 2 * (args.queries // 3), labelled_queries())
            cache = args.embeddings_cache or os.path.join(os.path.dirname(os.path.abspath(args.out_json)), "real-texts-e5.jsonl")
            t = time.monotonic()
            vectors = real_texts.embed_passages(api, passages, cache)
            report["embedding_seconds"] = round(time.monotonic() - t, 1)
            rows = real_rows(rng, passages, vectors, args.chunks_per_document)
            report["corpus_sources"] = {"english_python_docstrings": sum(1 for p in passages if not real_texts.CJK.search(p)),
                                        "chinese_manual_pages": sum(1 for p in passages if real_texts.CJK.search(p))}
        else:
            words = vocabulary(rng)
            draw = zipf_sampler(rng, len(words))
            rows = synthetic_rows(rng, args.chunks, args.chunks_per_document, words, draw)
        log(f"writing {args.chunks:,} chunks into collection {name} ({collection_id}) with psql")
        started = time.monotonic()
        written, documents = load_corpus(args.database_url, collection_id, model, rows, args.chunks, args.corpus)
        report["load_seconds"] = round(time.monotonic() - started, 1)
        report["documents"] = documents
        stored = int(sql_value(args.database_url, f"SELECT count(*) FROM knowledge_vectors v JOIN knowledge_chunks k USING (chunk_id) WHERE k.collection_id = '{collection_id}'"))
        report["vectors_stored"] = stored
        log(f"stored {stored:,} chunks with vectors in {report['load_seconds']} s")

        if args.corpus == "synthetic":
            query_draw = zipf_sampler(rng, len(words) - QUERY_SKIP)
            texts = [" ".join(words[QUERY_SKIP + i] for i in query_draw(rng.randint(2, 5))) for _ in range(1 + args.queries + 2 * (args.queries // 3))]
        def first_query(mode):
            t = time.monotonic()
            attempts = 0
            while True:
                # The load may outlast the dispatcher's timeout (504); it goes on meanwhile: ask again.
                attempts += 1
                try:
                    answer = api.call("POST", query_path, {"query": texts[0], "top_k": 10, "mode": mode})
                    return answer, (time.monotonic() - t) * 1000, attempts
                except APIError as error:
                    if error.status not in (503, 504) or time.monotonic() - t > 1800:
                        raise
                    log(f"first {mode} query answered {error.status} after {time.monotonic() - t:.0f} s (the index is loading); asking again")

        time.sleep(1.0)
        before_terms = rss_kib(args.server_pid)
        first_text, first_text_ms, text_attempts = first_query("fulltext")
        time.sleep(1.0)
        before = rss_kib(args.server_pid)
        report["term_index"] = {
            "first_query_wall_ms": round(first_text_ms, 1), "attempts": text_attempts, "retrieval_ms": first_text["timings"]["retrieval_ms"],
            "rss_kib_before": before_terms, "rss_kib_after": before,
            "bytes_per_chunk": round((before - before_terms) * 1024 / stored, 1) if stored else None,
        }
        log(f"first fulltext query (term index load) {first_text_ms:.0f} ms; RSS {before_terms / 1024:.0f} -> {before / 1024:.0f} MiB")
        first, first_ms, attempts = first_query("hybrid")
        after = rss_kib(args.server_pid)
        # The index answers by exact search at once and builds its graph in the background: wait
        # until the server is idle again before measuring.
        report["graph_build_seconds"] = round(wait_until_idle(args.server_pid) + first_ms / 1000, 1)
        built = rss_kib(args.server_pid)
        log(f"the server was busy for {report['graph_build_seconds']} s after the first query was sent (the graph build)")
        report["first_query"] = {
            "wall_ms": round(first_ms, 1), "attempts": attempts, "retrieval_ms": first["timings"]["retrieval_ms"], "embedding_ms": first["timings"]["embedding_ms"],
            "results": len(first.get("results", [])), "vector_hits": first.get("channels", {}).get("vector", {}).get("hits"),
        }
        report["rss_kib"] = {"before_index": before, "after_first_query": after, "after_graph": built}
        report["index_bytes_per_vector"] = round((built - before) * 1024 / stored, 1) if stored else None
        log(f"first query (index load) {first_ms:.0f} ms; RSS {before / 1024:.0f} -> {after / 1024:.0f} MiB, {built / 1024:.0f} MiB with the graph")

        def run(mode, batch, candidates=None, found=None):
            retrieval, embedding, wall, hits = [], [], [], []
            for text in batch:
                body = {"query": text, "top_k": 10, "mode": mode}
                if candidates:
                    body["candidates"] = candidates
                t = time.monotonic()
                answer = api.call("POST", query_path, body)
                wall.append((time.monotonic() - t) * 1000)
                retrieval.append(answer["timings"]["retrieval_ms"])
                embedding.append(answer["timings"]["embedding_ms"])
                hits.append(answer.get("channels", {}).get("fulltext", {}).get("hits", 0))
                if found is not None:
                    found.append([r["chunk_id"] for r in answer["results"]])
            stats = lambda values: {"p50": round(percentile(values, 50), 2), "p99": round(percentile(values, 99), 2), "mean": round(sum(values) / len(values), 2)}
            result = {"queries": len(batch), "retrieval_ms": stats(retrieval), "wall_ms": stats(wall)}
            if mode != "fulltext":
                result["embedding_ms"] = stats(embedding)
            if mode != "vector":
                result["fulltext_hits_mean"] = round(sum(hits) / len(hits), 1)
            return result

        extra = args.queries // 3
        vector_texts = texts[args.queries + 1 + extra:args.queries + 1 + 2 * extra]
        found = {None: []}
        report["hybrid"] = run("hybrid", texts[1:args.queries + 1])
        report["fulltext"] = run("fulltext", texts[args.queries + 1:args.queries + 1 + extra])
        report["vector"] = run("vector", vector_texts, found=found[None])
        report["rss_kib"]["after_queries"] = rss_kib(args.server_pid)

        if not args.no_recall:
            # HNSW against exact search: the vector queries again with larger candidate lists, then
            # each through the exact copies.
            report["recall@10"] = {}
            for candidates in RECALL_CANDIDATES:
                found[candidates] = []
                report["recall@10"][str(candidates)] = run("vector", vector_texts, candidates=candidates, found=found[candidates])
            t = time.monotonic()
            exact_names = exact_copies(api, args.database_url, name, collection_id, model, stored)
            log(f"copied the vectors into {len(exact_names)} collections for exact search in {time.monotonic() - t:.0f} s")
            exact = [exact_nearest(api, exact_names, text, 10) for text in vector_texts]
            for candidates, lists in found.items():
                recalls = [len(set(h[:10]) & set(e)) / len(e) for h, e in zip(lists, exact) if e]
                entry = report["recall@10"].setdefault(str(candidates), {}) if candidates else report["vector"]
                entry["recall@10"] = round(sum(recalls) / len(recalls), 4)
                entry["recall@10_min"] = min(recalls)
            log("recall@10 against exact search: " + ", ".join(
                f"candidates {c or 'default'} {(report['recall@10'][str(c)] if c else report['vector'])['recall@10']}" for c in found))
    finally:
        if not args.keep:
            try:
                api.call("DELETE", f"/api/v1/knowledge/collections/{urllib.parse.quote(name, safe='')}", timeout=600)
            except APIError as error:
                log(f"deleting through the API failed ({error}); deleting with SQL")
                sql_value(args.database_url, f"DELETE FROM knowledge_collections WHERE collection_id = '{collection_id}'")
            for exact_name in exact_names:
                api.call("DELETE", f"/api/v1/knowledge/collections/{urllib.parse.quote(exact_name, safe='')}", timeout=600)

    report["load_average"] = {"start": load_before, "end": load_average()}
    with open(args.out_json, "w") as f:
        json.dump(report, f, indent=2)
    h = report["hybrid"]
    corpus = ("synthetic text and random vectors" if args.corpus == "synthetic" else
              "real paragraphs: {english_python_docstrings:,} English (Python docstrings), {chinese_manual_pages:,} Chinese (manual pages), "
              "e5 vectors".format(**report["corpus_sources"]))
    print(f"\nsearch latency at {report['vectors_stored']:,} chunks ({documents:,} documents, {corpus}; "
          f"written with SQL in {report['load_seconds']} s; load average {report['load_average']['start']:.1f} at the start, "
          f"{report['load_average']['end']:.1f} at the end)")
    print(f"{'figure':<58}{'p50 ms':>10}{'p99 ms':>10}{'target':>18}")
    print(f"{'hybrid (RRF, top 10, no rerank): SkillHub (retrieval_ms)':<58}{h['retrieval_ms']['p50']:>10.2f}{h['retrieval_ms']['p99']:>10.2f}{'<= 10 / <= 50':>18}")
    print(f"{'  the query embedding (embedding_ms), reported apart':<58}{h['embedding_ms']['p50']:>10.2f}{h['embedding_ms']['p99']:>10.2f}")
    print(f"{'  the client wall time (HTTP included)':<58}{h['wall_ms']['p50']:>10.2f}{h['wall_ms']['p99']:>10.2f}")
    print(f"{'fulltext alone (retrieval_ms)':<58}{report['fulltext']['retrieval_ms']['p50']:>10.2f}{report['fulltext']['retrieval_ms']['p99']:>10.2f}")
    print(f"{'vector alone (retrieval_ms, embedding excluded)':<58}{report['vector']['retrieval_ms']['p50']:>10.2f}{report['vector']['retrieval_ms']['p99']:>10.2f}")
    print(f"queries: {h['queries']} hybrid, {report['fulltext']['queries']} fulltext, {report['vector']['queries']} vector; "
          f"full-text hits per query (the channel's candidates cap them): mean {h.get('fulltext_hits_mean')}")
    print(f"first query (loads the index): {report['first_query']['wall_ms']:.0f} ms wall until answered "
          f"({report['first_query']['attempts']} attempt(s); the dispatcher answers 504 after its timeout while the load goes on), "
          f"retrieval_ms of the answer {report['first_query']['retrieval_ms']:.0f}")
    if "recall@10" in report:
        print(f"HNSW recall@10 against exact search ({report['vector']['queries']} vector queries; exact: the same vectors in "
              f"{math.ceil(report['vectors_stored'] / EXACT_PART)} collections of <= {EXACT_PART:,}, target >= 0.98):")
        print(f"  {'candidates (HNSW ef = max(candidates, 100; 64 before d3ed60a))':<56}{'recall@10':>10}{'lowest':>8}{'retrieval p50/p99 ms':>22}")
        rows = [("50 (the default for top_k 10)", report["vector"])] + [(c, report["recall@10"][c]) for c in report["recall@10"]]
        for label, entry in rows:
            print(f"  {label:<56}{entry['recall@10']:>10.4f}{entry['recall@10_min']:>8.1f}"
                  f"{entry['retrieval_ms']['p50']:>12.2f}/{entry['retrieval_ms']['p99']:<9.2f}")
    ti = report["term_index"]
    print(f"term index (full text): first fulltext query {ti['first_query_wall_ms']:.0f} ms wall (loads it; retrieval_ms {ti['retrieval_ms']:.0f}), "
          f"RSS {ti['rss_kib_before'] / 1024:.0f} -> {ti['rss_kib_after'] / 1024:.0f} MiB -> {ti['bytes_per_chunk']} bytes per chunk")
    rss = report["rss_kib"]
    print(f"graph build: the server busy for {report['graph_build_seconds']} s from the first query (exact search meanwhile)")
    print(f"server RSS: {rss['before_index'] / 1024:.0f} MiB before the index, {rss['after_first_query'] / 1024:.0f} MiB after the first query, "
          f"{rss['after_graph'] / 1024:.0f} MiB with the graph -> {report['index_bytes_per_vector']} bytes per vector "
          f"(raw vector {DIMENSIONS * 4} bytes); {rss['after_queries'] / 1024:.0f} MiB after the queries")


if __name__ == "__main__":
    main()

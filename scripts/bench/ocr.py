#!/usr/bin/env python3
"""The OCR figure of `make bench`: the same images through the `ocr` skill
(warm, over HTTP) and through the `tesseract` command, side by side.

    ocr.py BASE_URL TOKEN WORK_DIR

Draws a fixed set of images with ImageMagick into WORK_DIR/ocr (as the tests'
TestImages does: DejaVu Sans, WenQuanYi Zen Hei), then for each image:

- SkillHub: one warm-up invoke, then RUNS sequential invokes of
  `POST /api/v1/skills/ocr/invoke` on one kept-alive connection; the client's
  time per call (HTTP, JSON and base64 included) and the skill's own
  `elapsed_ms`, both as medians.
- tesseract: the same languages and page segmentation mode, as a list file
  (`tesseract list.txt stdout -l LANG --psm 6`, one process, one engine for the
  whole list). A list naming the image once and one naming it RUNS + 1 times
  are timed, each REPEATS times; the difference of their medians divided by
  RUNS is the time per image with the engine start and model loading taken
  out. Once with Tesseract's default
  OpenMP threads and once with OMP_THREAD_LIMIT=1 (one thread per
  recognition, as the skill's engines run: the fair comparison). The run of
  the single image (engine start included) is shown for context.

Prints the table on stdout; the target is skill time ≤ 1.1 × tesseract's.
RUNS is $BENCH_OCR_RUNS (default 10), REPEATS $BENCH_OCR_REPEATS (default 3).
"""
import base64
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse

base, token, work = sys.argv[1], sys.argv[2], sys.argv[3]
RUNS = int(os.environ.get("BENCH_OCR_RUNS", "10"))
REPEATS = int(os.environ.get("BENCH_OCR_REPEATS", "3"))
PSM = 6
TARGET = 1.1
ENGLISH_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
CHINESE_FONT = next(
    (f for f in ["/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"] if os.path.exists(f)),
    "WenQuanYi-Zen-Hei",
)

# name, text (ImageMagick's label: turns "\n" into a line break), font, point size, languages
IMAGES = [
    ("en-short-32", "Hello world 2024", ENGLISH_FONT, 32, "eng"),
    ("en-sentence-32", "The quick brown fox jumps over the lazy dog.", ENGLISH_FONT, 32, "eng"),
    ("en-invoice-48", "Invoice 2024-117  Total 356.80 EUR", ENGLISH_FONT, 48, "eng"),
    ("en-paragraph-20", "SkillHub registers skills and dispatches calls\\nto plugins in process or to remote endpoints,\\n"
     "with health checks, weights and retries.", ENGLISH_FONT, 20, "eng"),
    ("zh-short-32", "今天天气很好", CHINESE_FONT, 32, "eng+chi_sim"),
    ("zh-mixed-40", "总计 356.80 元", CHINESE_FONT, 40, "eng+chi_sim"),
    ("zh-sentence-28", "机器学习是人工智能的一个分支，应用广泛。", CHINESE_FONT, 28, "eng+chi_sim"),
    ("zh-paragraph-24", "深度学习在图像识别中的应用越来越多。\\n文字识别可以把图片中的文字变成文本。", CHINESE_FONT, 24, "eng+chi_sim"),
]


def draw(name, text, font, size):
    path = os.path.join(work, "ocr", name + ".png")
    subprocess.run(
        ["convert", "-background", "white", "-fill", "black", "-font", font, "-pointsize", str(size), "label:" + text,
         "-bordercolor", "white", "-border", "20", "-alpha", "remove", "-alpha", "off", "-depth", "8", "png:" + path],
        check=True, stderr=subprocess.DEVNULL)
    return path


def dimensions(path):
    with open(path, "rb") as f:
        header = f.read(24)
    return int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")


def squeeze(text):
    """Text without any whitespace, to compare both sides' results (the skill drops spaces between CJK characters)."""
    return "".join(text.split())


class Skill:
    """Invokes the ocr skill on one kept-alive connection."""

    def __init__(self):
        url = urllib.parse.urlsplit(base)
        self.connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
        self.headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}

    def recognize(self, image, languages):
        body = json.dumps({"capability": "recognize", "input": {"image": image, "languages": languages, "psm": PSM}})
        started = time.perf_counter()
        self.connection.request("POST", "/api/v1/skills/ocr/invoke", body, self.headers)
        response = self.connection.getresponse()
        data = response.read()
        seconds = time.perf_counter() - started
        if response.status != 200:
            raise SystemExit(f"[bench] ocr invoke answered {response.status}: {data[:300]!r}")
        return seconds * 1000, json.loads(data)["output"]


def tesseract(paths, languages, omp_limit):
    """Runs tesseract over a list file of paths; (milliseconds, text)."""
    listing = os.path.join(work, "ocr", "list.txt")
    with open(listing, "w") as f:
        f.writelines(p + "\n" for p in paths)
    env = dict(os.environ)
    env.pop("OMP_THREAD_LIMIT", None)
    if omp_limit:
        env["OMP_THREAD_LIMIT"] = str(omp_limit)
    started = time.perf_counter()
    result = subprocess.run(["tesseract", listing, "stdout", "-l", languages, "--psm", str(PSM)],
                            env=env, capture_output=True, text=True, check=True)
    return (time.perf_counter() - started) * 1000, result.stdout


def per_image(path, languages, omp_limit):
    """tesseract's time for one image with its engine start taken out, and the single run's time and text."""
    once = [tesseract([path], languages, omp_limit) for _ in range(REPEATS)]
    many = [tesseract([path] * (RUNS + 1), languages, omp_limit)[0] for _ in range(REPEATS)]
    single = statistics.median(ms for ms, _ in once)
    return max(statistics.median(many) - single, 0) / RUNS, single, once[0][1]


os.makedirs(os.path.join(work, "ocr"), exist_ok=True)
skill = Skill()
rows = []
for name, text, font, size, languages in IMAGES:
    path = draw(name, text, font, size)
    with open(path, "rb") as f:
        image = base64.b64encode(f.read()).decode()
    skill.recognize(image, languages)  # warm: the language set's engine and models
    calls, elapsed = [], []
    for _ in range(RUNS):
        ms, output = skill.recognize(image, languages)
        calls.append(ms)
        elapsed.append(output["elapsed_ms"])
    cli, cli_once, cli_text = per_image(path, languages, None)
    cli1, cli1_once, _ = per_image(path, languages, 1)
    rows.append({
        "name": name, "size": "%dx%d" % dimensions(path), "languages": languages,
        "http_ms": statistics.median(calls), "http_mean_ms": statistics.mean(calls), "elapsed_ms": statistics.median(elapsed),
        "cli_ms": cli, "cli1_ms": cli1, "cli_once_ms": cli_once, "cli1_once_ms": cli1_once,
        "same_text": squeeze(output["text"]) == squeeze(cli_text),
        "skill_text": output["text"], "cli_text": cli_text.strip(),
    })
    print(f"[bench] ocr {name}: {rows[-1]['http_ms']:.1f} ms via SkillHub, {cli1:.1f} ms tesseract (1 thread)", file=sys.stderr)

with open(os.path.join(work, "ocr.json"), "w") as f:
    json.dump(rows, f, ensure_ascii=False, indent=1)


def ratio(a, b):
    return f"{a / b:.2f}" if b > 0 else "-"


print(f"\nOCR, psm {PSM}, median of {RUNS} warm calls per image (ms); tesseract: per image from a list file, engine start taken out")
header = ("image", "size", "languages", "SkillHub", "mean", "elapsed", "tess 1 thr", "tess OMP", "ratio", "ratio el.", "same text", "tess single run")
line = "%-16s %9s %12s %9s %7s %8s %11s %9s %6s %9s %10s %16s"
print(line % header)
for r in rows:
    print(line % (r["name"], r["size"], r["languages"], f"{r['http_ms']:.1f}", f"{r['http_mean_ms']:.1f}", f"{r['elapsed_ms']:.1f}",
                  f"{r['cli1_ms']:.1f}", f"{r['cli_ms']:.1f}", ratio(r["http_ms"], r["cli1_ms"]), ratio(r["elapsed_ms"], r["cli1_ms"]),
                  "yes" if r["same_text"] else "no", f"{r['cli1_once_ms']:.0f} / {r['cli_once_ms']:.0f}"))
total = {key: sum(r[key] for r in rows) for key in ("http_ms", "http_mean_ms", "elapsed_ms", "cli_ms", "cli1_ms", "cli1_once_ms", "cli_once_ms")}
print(line % (f"all {len(rows)} (sum)", "", "", f"{total['http_ms']:.1f}", f"{total['http_mean_ms']:.1f}", f"{total['elapsed_ms']:.1f}",
              f"{total['cli1_ms']:.1f}", f"{total['cli_ms']:.1f}", ratio(total["http_ms"], total["cli1_ms"]),
              ratio(total["elapsed_ms"], total["cli1_ms"]), f"{sum(r['same_text'] for r in rows)}/{len(rows)}",
              f"{total['cli1_once_ms']:.0f} / {total['cli_once_ms']:.0f}"))
print(f"ratio: SkillHub (HTTP included) / tesseract with OMP_THREAD_LIMIT=1; ratio el.: the skill's elapsed_ms / the same; target <= {TARGET}")
print(f"ratio of the sums against tesseract with its default OpenMP threads: {ratio(total['http_ms'], total['cli_ms'])}")
print("tess single run: one process for one image, engine start and model loading included (OMP_THREAD_LIMIT=1 / default)")

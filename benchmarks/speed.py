"""Speed of newsfacts against natasha's full pipeline, on the factRuEval and NEREL dev texts.

    python benchmarks/speed.py [--json OUT.json] [--rounds 2] [--data ../shared/data]

Everything is measured in one run, on the same texts, each measurement after a
warm-up; with several rounds the best round counts (the machine may be shared).
Printed: articles/s of each way to run, their ratios, the peak RSS of a worker
process, and the cold start (import to first Article in a fresh process).
Not collected by pytest (benchmarks/ is outside testpaths).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
FILES = ("factrueval-dev.jsonl", "nerel-dev.jsonl")
WARMUP = 8
COLD_RUNS = 3
COLD_CODE = """
import sys, time
started = time.perf_counter()
import newsfacts
article = newsfacts.Pipeline().extract(sys.stdin.read())
print(time.perf_counter() - started, len(article.errors))
"""

TARGETS = {  # name -> (minimum ratio, or maximum for memory/seconds)
    "entities_vs_natasha": (">=", 1.5),
    "full_extract_vs_natasha": (">=", 0.8),
    "many_w1_vs_extract": (">=", 1.0),
    "many_w2_vs_w1": (">=", 1.7),
    "many_w1_vs_natasha": (">=", 1.0),
    "worker_peak_rss_mib": ("<=", 450),
    "cold_start_s": ("<=", 2.5),
}


def load_texts(folder: Path) -> list[dict]:
    items = []
    for name in FILES:
        with open(folder / name, encoding="utf-8") as file:
            items += [{"id": r["id"], "text": r["text"]} for r in map(json.loads, file) if r["text"].strip()]
    return items


def rate(run, items: list, rounds: int) -> float:
    """Best articles/s over the rounds, after a warm-up on a few items."""
    run(items[:WARMUP])
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        run(items)
        best = max(best, len(items) / (time.perf_counter() - started))
    return best


# ------------------------------------------------------------------ the contenders

def natasha_runner():
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    embedding = NewsEmbedding()
    segmenter, morph = Segmenter(), NewsMorphTagger(embedding)
    syntax, ner = NewsSyntaxParser(embedding), NewsNERTagger(embedding)

    def run(items):
        for item in items:
            doc = Doc(item["text"])
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)

    return run


def extract_runner(pipeline):
    def run(items):
        for item in items:
            pipeline.extract(item["text"], id=item["id"])
    return run


def many_runner(pipeline, workers: int):
    def run(items):
        for _ in pipeline.extract_many(items, workers=workers):
            pass
    return run


class RssSampler:
    """Peak RSS of each child process, sampled while a batch runs."""

    def __init__(self, every: float = 0.05):
        import psutil

        self.me, self.every, self.peak = psutil.Process(), every, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self.stop.is_set():
            for child in self.me.children(recursive=True):
                try:
                    rss = child.memory_info().rss
                except Exception:  # gone between listing and reading
                    continue
                self.peak[child.pid] = max(self.peak.get(child.pid, 0), rss)
            self.stop.wait(self.every)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def cold_start(text: str) -> tuple[float, float]:
    """(seconds from `import newsfacts` to the first Article, seconds of the whole process), medians."""
    inside, whole = [], []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", COLD_CODE], input=text, capture_output=True, text=True,
                             check=True).stdout.split()
        whole.append(time.perf_counter() - started)
        inside.append(float(out[0]))
    return statistics.median(inside), statistics.median(whole)


def blas() -> str:
    from threadpoolctl import threadpool_info

    return ", ".join(f"{i['internal_api']} {i.get('version')} {i.get('architecture')} x{i['num_threads']}"
                     for i in threadpool_info())


# ------------------------------------------------------------------ main

def measure(items: list, rounds: int) -> dict:
    import newsfacts

    numbers: dict = {"articles": len(items), "chars_per_article": round(sum(len(i["text"]) for i in items) / len(items)),
                     "cpus": os.cpu_count(), "rounds": rounds}
    full, entities = newsfacts.Pipeline(), newsfacts.Pipeline(extract=("entities",))
    numbers["natasha"] = rate(natasha_runner(), items, rounds)
    numbers["blas"] = blas()
    numbers["entities_extract"] = rate(extract_runner(entities), items, rounds)
    numbers["full_extract"] = rate(extract_runner(full), items, rounds)
    numbers["main_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    numbers["full_many_w1"] = rate(many_runner(full, 1), items, rounds)
    doubled = items * 2  # a longer run, so pool start-up (spawn + model load) weighs less
    with RssSampler() as sampler:
        numbers["full_many_w2"] = rate(many_runner(full, 2), doubled, rounds)
    numbers["full_many_w1_doubled"] = rate(many_runner(full, 1), doubled, 1)
    numbers["worker_peak_rss_mib"] = max(sampler.peak.values(), default=0) / 2 ** 20
    numbers["worker_peak_rss_getrusage_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    numbers["pool_start_s"] = pool_start(full)
    numbers["cold_start_s"], numbers["cold_process_s"] = cold_start(items[0]["text"])  # after getrusage: own children
    nat = numbers["natasha"]
    numbers["entities_vs_natasha"] = numbers["entities_extract"] / nat
    numbers["full_extract_vs_natasha"] = numbers["full_extract"] / nat
    numbers["many_w1_vs_extract"] = numbers["full_many_w1"] / numbers["full_extract"]
    numbers["many_w2_vs_w1"] = numbers["full_many_w2"] / numbers["full_many_w1_doubled"]
    numbers["many_w1_vs_natasha"] = numbers["full_many_w1"] / nat
    return numbers


def pool_start(pipeline) -> float:
    """Seconds from extract_many(workers=2) to its first Article, on a one-line text."""
    started = time.perf_counter()
    next(iter(pipeline.extract_many(["Москва."], workers=2)))
    return time.perf_counter() - started


def report(numbers: dict) -> str:
    rows = [
        ("natasha: Segmenter+Morph+Syntax+NER", f"{numbers['natasha']:.1f} art/s", "1.00x", ""),
        ("Pipeline(extract=('entities',)).extract", f"{numbers['entities_extract']:.1f} art/s",
         f"{numbers['entities_vs_natasha']:.2f}x natasha", "entities_vs_natasha"),
        ("Pipeline().extract, per article", f"{numbers['full_extract']:.1f} art/s",
         f"{numbers['full_extract_vs_natasha']:.2f}x natasha", "full_extract_vs_natasha"),
        ("Pipeline().extract_many(workers=1)", f"{numbers['full_many_w1']:.1f} art/s",
         f"{numbers['many_w1_vs_extract']:.2f}x extract", "many_w1_vs_extract"),
        ("Pipeline().extract_many(workers=2)", f"{numbers['full_many_w2']:.1f} art/s",
         f"{numbers['many_w2_vs_w1']:.2f}x workers=1", "many_w2_vs_w1"),
        ("extract_many(workers=1) vs natasha", "", f"{numbers['many_w1_vs_natasha']:.2f}x natasha",
         "many_w1_vs_natasha"),
        ("peak RSS of a worker (sampled / getrusage)",
         f"{numbers['worker_peak_rss_mib']:.0f} / {numbers['worker_peak_rss_getrusage_mib']:.0f} MiB", "",
         "worker_peak_rss_mib"),
        ("peak RSS of this process (natasha loaded too)", f"{numbers['main_peak_rss_mib']:.0f} MiB", "", ""),
        ("cold start: import to first Article", f"{numbers['cold_start_s']:.2f} s",
         f"(whole process {numbers['cold_process_s']:.2f} s)", "cold_start_s"),
        ("pool start: extract_many(workers=2) to first Article", f"{numbers['pool_start_s']:.2f} s", "", ""),
    ]
    lines = [f"{numbers['articles']} articles (factRuEval dev + NEREL dev), {numbers['chars_per_article']} chars "
             f"each on average; {numbers['cpus']} CPUs; BLAS: {numbers['blas']}; best of {numbers['rounds']} "
             f"round(s); workers=2 vs 1 on the texts twice over", ""]
    width = max(len(r[0]) for r in rows)
    lines.append(f"{'what':{width}}  {'speed':>16}  {'ratio':<22}  target")
    for name, speed, ratio, key in rows:
        target = ""
        if key:
            op, bound = TARGETS[key]
            value = numbers[key]
            ok = value >= bound if op == ">=" else value <= bound
            target = f"{op} {bound}  {'ok' if ok else 'MISSED'}"
        lines.append(f"{name:{width}}  {speed:>16}  {ratio:<22}  {target}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the dev JSONL files")
    parser.add_argument("--rounds", type=int, default=2, help="timed rounds per measurement (best counts)")
    parser.add_argument("--limit", type=int, default=None, help="use only the first N texts (a quick look)")
    parser.add_argument("--json", type=Path, help="also save the numbers as JSON here")
    args = parser.parse_args(argv)
    items = load_texts(args.data)[:args.limit]
    numbers = measure(items, args.rounds)
    print(report(numbers))
    if args.json:
        args.json.write_text(json.dumps(numbers, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

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


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (pool workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def rate(run, items: list, rounds: int, threads: int | None = 1) -> tuple[float, float]:
    """Best (articles per second, articles per CPU-second) over the rounds.

    CPU time counts this process and the worker processes it waited for, so it does
    not depend on how busy the machine is.

    Args:
        threads: BLAS threads in this process while it runs (None: as they are).
    """
    from contextlib import nullcontext

    from threadpoolctl import threadpool_limits

    with threadpool_limits(threads) if threads else nullcontext():
        run(items[:WARMUP])
        best, best_cpu = 0.0, 0.0
        for _ in range(rounds):
            forget_words()
            wall, cpu = time.perf_counter(), cpu_seconds()
            run(items)
            best = max(best, len(items) / (time.perf_counter() - wall))
            best_cpu = max(best_cpu, len(items) / max(cpu_seconds() - cpu, 1e-9))
    return best, best_cpu


def forget_words() -> None:
    """Empty newsfacts' per-word caches (parses, numerals...), as for texts never seen before.

    The models and lexicons stay loaded: they load once per process anyway.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("newsfacts.") or name in ("newsfacts.nlp", "newsfacts.lexicons"):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name:
                value.cache_clear()


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
        # a fresh pool each run: finished batches keep theirs, whose workers would
        # start the next round with every word of these texts cached
        from newsfacts.batch import close_pools

        close_pools()
        for _ in pipeline.extract_many(items, workers=workers):
            pass
        close_pools()  # reap the workers now, so their CPU time counts in this run
    return run


def _peak_rss(process) -> int:
    """The process's peak RSS so far (VmHWM), else its current RSS."""
    try:
        with open(f"/proc/{process.pid}/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return process.memory_info().rss


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
                    # a pool worker once it runs its own program; between fork and exec a
                    # child still shows this process's memory
                    if "spawn_main" not in " ".join(child.cmdline()):
                        continue
                    rss = _peak_rss(child)
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
                     "cpus": os.cpu_count(), "rounds": rounds, "load_before": os.getloadavg()[0]}
    full, entities = newsfacts.Pipeline(), newsfacts.Pipeline(extract=("entities",))
    natasha = natasha_runner()
    numbers["blas"] = blas()
    # equal conditions: every contender in this process on one BLAS thread, as the workers run
    numbers["natasha"], numbers["natasha_cpu"] = rate(natasha, items, rounds)
    numbers["entities_extract"], numbers["entities_extract_cpu"] = rate(extract_runner(entities), items, rounds)
    numbers["full_extract"], numbers["full_extract_cpu"] = rate(extract_runner(full), items, rounds)
    numbers["full_many_w1"], numbers["full_many_w1_cpu"] = rate(many_runner(full, 1), items, rounds)
    # out of the box: natasha and extract with the BLAS threads numpy starts with
    numbers["natasha_default"], _ = rate(natasha, items, 1, threads=None)
    numbers["entities_extract_default"], _ = rate(extract_runner(entities), items, 1, threads=None)
    numbers["full_extract_default"], _ = rate(extract_runner(full), items, 1, threads=None)
    numbers["full_many_w1_default"], _ = rate(many_runner(full, 1), items, 1, threads=None)
    numbers["main_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # each round a new pool: its workers load the models and start with empty caches,
    # as workers=1 does after forget_words
    with RssSampler() as sampler:
        numbers["full_many_w2"], numbers["full_many_w2_cpu"] = rate(many_runner(full, 2), items, rounds)
    numbers["worker_peak_rss_mib"] = max(sampler.peak.values(), default=0) / 2 ** 20
    numbers["pool_start_s"] = pool_start(full)
    steady = len(items) / numbers["full_many_w2"] - numbers["pool_start_s"]
    numbers["full_many_w2_steady"] = len(items) / steady if steady > 0 else float("nan")
    numbers["cold_start_s"], numbers["cold_process_s"] = cold_start(items[0]["text"])
    numbers["load_after"] = os.getloadavg()[0]
    for suffix in ("", "_default"):
        nat = numbers["natasha" + suffix]
        numbers["entities_vs_natasha" + suffix] = numbers["entities_extract" + suffix] / nat
        numbers["full_extract_vs_natasha" + suffix] = numbers["full_extract" + suffix] / nat
        numbers["many_w1_vs_extract" + suffix] = numbers["full_many_w1" + suffix] / numbers["full_extract" + suffix]
        numbers["many_w1_vs_natasha" + suffix] = numbers["full_many_w1" + suffix] / nat
    numbers["many_w2_vs_w1"] = numbers["full_many_w2"] / numbers["full_many_w1"]
    numbers["many_w2_steady_vs_w1"] = numbers["full_many_w2_steady"] / numbers["full_many_w1"]
    # what two idle cores would give: twice the CPU rate of the pool (start-up included),
    # against one core's worth of workers=1
    numbers["many_w2_vs_w1_cpu_bound"] = 2 * numbers["full_many_w2_cpu"] / numbers["full_many_w1_cpu"]
    return numbers


def pool_start(pipeline) -> float:
    """Seconds from extract_many(workers=2) to its first Article, on a one-line text."""
    from newsfacts.batch import close_pools

    close_pools()
    started = time.perf_counter()
    next(iter(pipeline.extract_many(["Москва."], workers=2)))
    return time.perf_counter() - started


def report(numbers: dict) -> str:
    n = numbers

    def speed(key):
        cpu = n.get(key + "_cpu")
        default = n.get(key + "_default")
        return (f"{n[key]:6.1f}", f"{cpu:6.1f}" if cpu else "", f"{default:6.1f}" if default else "")

    def ratio(key, versus):
        default = n.get(key + "_default")
        return f"{n[key]:.2f}x {versus}" + (f" ({default:.2f}x)" if default else "")

    rows = [
        ("natasha: Segmenter+Morph+Syntax+NER", *speed("natasha"), "1.00x", ""),
        ("Pipeline(extract=('entities',)).extract", *speed("entities_extract"),
         ratio("entities_vs_natasha", "natasha"), "entities_vs_natasha"),
        ("Pipeline().extract, per article", *speed("full_extract"),
         ratio("full_extract_vs_natasha", "natasha"), "full_extract_vs_natasha"),
        ("Pipeline().extract_many(workers=1)", *speed("full_many_w1"),
         ratio("many_w1_vs_extract", "extract"), "many_w1_vs_extract"),
        ("  the same vs natasha", "", "", "", ratio("many_w1_vs_natasha", "natasha"), "many_w1_vs_natasha"),
        ("Pipeline().extract_many(workers=2)", f"{n['full_many_w2']:6.1f}", f"{n['full_many_w2_cpu']:6.1f}", "",
         f"{n['many_w2_vs_w1']:.2f}x workers=1", "many_w2_vs_w1"),
        ("  without the pool start", f"{n['full_many_w2_steady']:6.1f}", "", "",
         f"{n['many_w2_steady_vs_w1']:.2f}x workers=1", ""),
        ("  on two idle cores (from CPU time)", "", "", "",
         f"{n['many_w2_vs_w1_cpu_bound']:.2f}x workers=1", ""),
    ]
    lines = [f"{n['articles']} articles (factRuEval dev + NEREL dev), {n['chars_per_article']} chars each on "
             f"average; {n['cpus']} CPUs; load average {n['load_before']:.1f} before, {n['load_after']:.1f} after; "
             f"BLAS: {n['blas']}",
             f"art/s: best of {n['rounds']} round(s), word caches emptied before each, every contender in this process on one BLAS thread "
             f"(as the workers run); art/cpu-s: per CPU-second of this process and its workers; default: one round with the",
             "BLAS threads numpy starts with (newsfacts' slovnet calls limit their own); ratios in brackets are those of the "
             "default column. workers=2: a new pool each round (spawn, model load: the pool start below).", ""]
    head = ("what", "art/s", "art/cpu-s", "default", "ratio", "target")
    width = max(len(r[0]) for r in rows)
    lines.append(f"{head[0]:{width}}  {head[1]:>6}  {head[2]:>9}  {head[3]:>7}  {head[4]:<30}  {head[5]}")
    for name, wall, cpu, default, text, key in rows:
        lines.append(f"{name:{width}}  {wall:>6}  {cpu:>9}  {default:>7}  {text:<30}  {_target(n, key)}")
    lines += [
        "",
        f"peak RSS of a worker process (VmHWM): {n['worker_peak_rss_mib']:.0f} MiB   "
        f"{_target(n, 'worker_peak_rss_mib')}",
        f"peak RSS of this process (natasha's models loaded too): {n['main_peak_rss_mib']:.0f} MiB",
        f"cold start, import to first Article in a fresh process: {n['cold_start_s']:.2f} s "
        f"(whole process {n['cold_process_s']:.2f} s)   {_target(n, 'cold_start_s')}",
        f"pool start, extract_many(workers=2) to its first Article: {n['pool_start_s']:.2f} s",
    ]
    return "\n".join(lines)


def _target(numbers: dict, key: str) -> str:
    if not key:
        return ""
    op, bound = TARGETS[key]
    value = numbers[key]
    ok = value >= bound if op == ">=" else value <= bound
    return f"{op} {bound}  {'ok' if ok else 'MISSED'}"


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

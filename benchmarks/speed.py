"""Speed of newsfacts against natasha's full pipeline, on the factRuEval and NEREL dev texts.

    python benchmarks/speed.py [--json OUT.json] [--rounds 3] [--data ../shared/data]

Everything is measured in one run, on the same texts, each contender after a
warm-up; the contenders take turns in each round, and each one's best round counts
(the machine may be shared).
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

from common import DATA, load_texts, pool_workers

WARMUP = 8
COLD_RUNS = 3
COLD_CODE = """
import sys, time
started = time.perf_counter()
import newsfacts
article = newsfacts.Pipeline().extract(sys.stdin.read())
print(time.perf_counter() - started, len(article.errors))
"""
# the first pool of a fresh process: its forkserver loads the models first
POOL_CODE = """
import time
import newsfacts
if __name__ == "__main__":
    pipeline = newsfacts.Pipeline()
    started = time.perf_counter()
    article = next(iter(pipeline.extract_many(["Москва."], workers=2)))
    print(time.perf_counter() - started, len(article.errors))
"""

TARGETS = {  # name -> (minimum ratio, or maximum for memory/seconds)
    "entities_vs_natasha": (">=", 2.0),        # the entities-only pipeline
    "full_extract_vs_natasha": (">=", 1.3),    # the full pipeline, one article at a time
    "many_w1_vs_extract": (">=", 1.0),
    "many_w2_vs_w1": (">=", 1.7),
    "many_w1_vs_natasha": (">=", 1.0),
    "worker_peak_rss_mib": ("<=", 450),
    "cold_start_s": ("<=", 2.5),
}


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (not pool workers:
    those are the forkserver's children)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def rates(runners: dict, items: list, rounds: int, threads: int | None = 1) -> dict[str, tuple[float, float]]:
    """Best (articles per second, articles per CPU-second) of each runner over the rounds.

    The runners take turns within each round, so a busy spell of the shared machine
    falls on all of them rather than on one. CPU time counts this process only, so it
    does not depend on how busy the machine is; it means nothing for a pool.

    Args:
        runners: name -> a function that runs a list of items.
        threads: BLAS threads in this process while they run (None: as they are).
    """
    from contextlib import nullcontext

    from threadpoolctl import threadpool_limits

    best = {name: (0.0, 0.0) for name in runners}
    with threadpool_limits(threads) if threads else nullcontext():
        for run in runners.values():
            run(items[:WARMUP])
        for _ in range(rounds):
            for name, run in runners.items():
                forget_words()
                wall, cpu = time.perf_counter(), cpu_seconds()
                run(items)
                wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
                best[name] = (max(best[name][0], len(items) / wall), max(best[name][1], len(items) / max(cpu, 1e-9)))
    return best


def forget_words() -> None:
    """Empty newsfacts' per-word caches (parses, numerals...), as for texts never seen before.

    The models and lexicons stay loaded, and so do the word sets built from the lexicons
    (the unbounded caches: every form of the posts, the speech verbs ...): they load once
    per process anyway, which the cold-start line measures.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith("newsfacts.") or name in ("newsfacts.nlp", "newsfacts.lexicons"):
            continue
        for value in list(vars(module).values()):
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == name \
                    and value.cache_parameters().get("maxsize") is not None:
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


def natasha_ner_runner():
    """natasha as a reader who wants only the names runs it: no morphology, no syntax."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, ner = Segmenter(), NewsNERTagger(NewsEmbedding())

    def run(items):
        for item in items:
            doc = Doc(item["text"])
            doc.segment(segmenter)
            doc.tag_ner(ner)

    return run


def extract_runner(pipeline):
    def run(items):
        for item in items:
            pipeline.extract(item["text"], id=item["id"])
    return run


def many_runner(pipeline, workers: int):
    def run(items):
        # a new pool each run: finished batches keep theirs, whose workers would start
        # the next round with every word of these texts cached. New workers are forked
        # from the forkserver, which has the models and only the warm-up's words.
        from newsfacts.batch import close_pools

        close_pools()
        for _ in pipeline.extract_many(items, workers=workers):
            pass
        close_pools()  # the workers exit inside the timed run
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

    def __init__(self, every: float = 0.2):
        import psutil

        self.me, self.every, self.peak = psutil.Process(), every, {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        while not self.stop.is_set():
            for child in pool_workers(self.me):
                try:
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
    # equal conditions: every contender in this process on one BLAS thread, as the
    # workers run; workers=2 in the same rounds, a new pool each round, forked from this
    # process's forkserver (started by the warm-up): its workers have the models, and
    # word caches as empty as the others'
    contenders = {"natasha": natasha, "natasha_ner": natasha_ner_runner(), "entities_extract": extract_runner(entities),
                  "full_extract": extract_runner(full), "full_many_w1": many_runner(full, 1),
                  "full_many_w2": many_runner(full, 2)}
    with RssSampler() as sampler:
        for name, (wall, cpu) in rates(contenders, items, rounds).items():
            numbers[name] = wall
            if name != "full_many_w2":
                numbers[name + "_cpu"] = cpu
    # out of the box: with the BLAS threads numpy starts with
    del contenders["full_many_w2"]
    for name, (wall, _) in rates(contenders, items, 1, threads=None).items():
        numbers[name + "_default"] = wall
    numbers["main_peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    numbers["worker_peak_rss_mib"] = max(sampler.peak.values(), default=0) / 2 ** 20
    numbers["pool_start_s"] = pool_start(full)
    numbers["first_pool_start_s"] = first_pool_start()
    # the same batch as the first one of a fresh process, forkserver start included
    first = len(items) / numbers["full_many_w2"] - numbers["pool_start_s"] + numbers["first_pool_start_s"]
    numbers["full_many_w2_first"] = len(items) / first
    numbers["cold_start_s"], numbers["cold_process_s"] = cold_start(items[0]["text"])
    numbers["load_after"] = os.getloadavg()[0]
    for suffix in ("", "_default"):
        nat = numbers["natasha" + suffix]
        numbers["entities_vs_natasha" + suffix] = numbers["entities_extract" + suffix] / nat
        numbers["natasha_ner_vs_natasha" + suffix] = numbers["natasha_ner" + suffix] / nat
        numbers["entities_vs_natasha_ner" + suffix] = numbers["entities_extract" + suffix] / numbers["natasha_ner" + suffix]
        numbers["full_extract_vs_natasha" + suffix] = numbers["full_extract" + suffix] / nat
        numbers["many_w1_vs_extract" + suffix] = numbers["full_many_w1" + suffix] / numbers["full_extract" + suffix]
        numbers["many_w1_vs_natasha" + suffix] = numbers["full_many_w1" + suffix] / nat
    numbers["many_w2_vs_w1"] = numbers["full_many_w2"] / numbers["full_many_w1"]
    numbers["many_w2_first_vs_w1"] = numbers["full_many_w2_first"] / numbers["full_many_w1"]
    return numbers


def first_pool_start() -> float:
    """Seconds from the first extract_many(workers=2) of a fresh process to its first
    Article (the forkserver loads the models, then forks the workers), median."""
    times = []
    for _ in range(COLD_RUNS):
        out = subprocess.run([sys.executable, "-c", POOL_CODE], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.split()[0]))
    return statistics.median(times)


def pool_start(pipeline) -> float:
    """Seconds from extract_many(workers=2) to its first Article, on a one-line text,
    in this process: its forkserver runs already."""
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
        ("natasha: Segmenter+NER only", *speed("natasha_ner"), ratio("natasha_ner_vs_natasha", "natasha"), ""),
        ("Pipeline(extract=('entities',)).extract", *speed("entities_extract"),
         ratio("entities_vs_natasha", "natasha"), "entities_vs_natasha"),
        ("  the same vs natasha Segmenter+NER", "", "", "", ratio("entities_vs_natasha_ner", "NER only"), ""),
        ("Pipeline().extract, per article", *speed("full_extract"),
         ratio("full_extract_vs_natasha", "natasha"), "full_extract_vs_natasha"),
        ("Pipeline().extract_many(workers=1)", *speed("full_many_w1"),
         ratio("many_w1_vs_extract", "extract"), "many_w1_vs_extract"),
        ("  the same vs natasha", "", "", "", ratio("many_w1_vs_natasha", "natasha"), "many_w1_vs_natasha"),
        ("Pipeline().extract_many(workers=2)", f"{n['full_many_w2']:6.1f}", "", "",
         f"{n['many_w2_vs_w1']:.2f}x workers=1", "many_w2_vs_w1"),
        ("  as a fresh process's first batch", f"{n['full_many_w2_first']:6.1f}", "", "",
         f"{n['many_w2_first_vs_w1']:.2f}x workers=1", ""),
    ]
    lines = [f"{n['articles']} articles (factRuEval dev + NEREL dev), {n['chars_per_article']} chars each on "
             f"average; {n['cpus']} CPUs; load average {n['load_before']:.1f} before, {n['load_after']:.1f} after; "
             f"BLAS: {n['blas']}",
             f"art/s: best of {n['rounds']} round(s), word caches emptied before each, every contender in this process on one BLAS thread "
             f"(as the workers run); art/cpu-s: per CPU-second of this process; default: one round with the",
             "BLAS threads numpy starts with (newsfacts' slovnet calls limit their own); ratios in brackets are those of the "
             "default column.",
             "workers=2: a new pool each round, forked from this process's forkserver (which loaded the models once); "
             "'as a fresh process's first batch' adds the first pool start below.", ""]
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
        f"pool start, extract_many(workers=2) to its first Article: {n['pool_start_s']:.2f} s; "
        f"the first in a fresh process (forkserver start and model load): {n['first_pool_start_s']:.2f} s",
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
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds per measurement (best counts)")
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

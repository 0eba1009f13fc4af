"""Soak: 20,000 articles through `newsfacts extract-many --workers 2`, watching memory and pace.

    python benchmarks/soak.py [--articles 20000] [--workers 2] [--json OUT.json] [--keep DIR]

The factRuEval and NEREL dev texts, repeated (each copy with an id of its own), go
through the CLI in a subprocess. Every half second the output's line count and
the RSS of each worker process are read. Printed: whether the run completed (every
id once, in input order), the workers' RSS after 2,000 articles and near the end
(it should stay flat), and the throughput of each 1,000 articles (it should stay
steady). Not collected by pytest.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import DATA, load_texts, pool_workers

EVERY = 0.5  # seconds between samples
STEP = 1000  # articles per throughput bucket


def write_input(path: Path, folder: Path, count: int) -> list[str]:
    """COUNT articles made of the dev texts repeated; returns their ids in order."""
    texts = [(item["id"], item["text"]) for item in load_texts(folder)]
    ids = []
    with open(path, "w", encoding="utf-8") as out:
        for n in range(count):
            source, text = texts[n % len(texts)]
            ids.append(f"{source}#{n // len(texts)}")
            out.write(json.dumps({"id": ids[-1], "text": text}, ensure_ascii=False) + "\n")
    return ids


def worker_rss(pid: int) -> list[int]:
    """Current RSS (bytes) of each pool worker under PID."""
    import psutil

    sizes = []
    try:
        workers = pool_workers(psutil.Process(pid))
    except psutil.Error:
        return sizes
    for worker in workers:
        try:
            sizes.append(worker.memory_info().rss)
        except psutil.Error:
            pass
    return sizes


class LineCounter:
    """Counts the complete lines of a growing file, reading only what is new."""

    def __init__(self, path: Path):
        self.path, self.offset, self.lines = path, 0, 0

    def count(self) -> int:
        try:
            with open(self.path, "rb") as file:
                file.seek(self.offset)
                data = file.read()
        except FileNotFoundError:
            return 0
        end = data.rfind(b"\n") + 1
        self.lines += data.count(b"\n", 0, end)
        self.offset += end
        return self.lines


def run(count: int, workers: int, folder: Path, data: Path) -> dict:
    source, output = folder / "soak-in.jsonl", folder / "soak-out.jsonl"
    ids = write_input(source, data, count)
    command = [sys.executable, "-m", "newsfacts", "extract-many", str(source), "-o", str(output),
               "--workers", str(workers), "--no-progress"]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    counter = LineCounter(output)
    marks: dict[int, float] = {}       # articles done -> seconds since start
    rss_at: dict[int, list[int]] = {}  # articles done -> workers' RSS then
    peak: dict[int, int] = {}          # the largest RSS seen per bucket of STEP articles
    last_rss: tuple[int, list[int]] = (0, [])
    while process.poll() is None:
        time.sleep(EVERY)
        done, now = counter.count(), time.perf_counter() - started
        sizes = worker_rss(process.pid)
        if sizes:
            last_rss = (done, sizes)
            bucket = done // STEP
            peak[bucket] = max(peak.get(bucket, 0), max(sizes))
        for mark in range(STEP, done + 1, STEP):
            marks.setdefault(mark, now)
            if sizes:
                rss_at.setdefault(mark, sizes)
    elapsed = time.perf_counter() - started
    stderr = process.stderr.read()
    done = counter.count()
    marks.setdefault(done, elapsed)
    written = [json.loads(line) for line in open(output, encoding="utf-8")]
    return {
        "articles": count, "workers": workers, "exit": process.returncode, "seconds": elapsed,
        "complete": [r["id"] for r in written] == ids, "with_errors": sum(bool(r["errors"]) for r in written),
        "errors_sample": sorted({e.split(":")[0] for r in written for e in r["errors"]})[:5],
        "marks": marks, "rss_at": rss_at, "peak_by_1000": peak, "last_rss": last_rss, "cli_stderr": stderr.strip(),
    }


def report(result: dict) -> str:
    mib = 2 ** 20
    lines = [f"{result['articles']} articles, extract-many --workers {result['workers']}: exit {result['exit']}, "
             f"{result['seconds']:.0f} s, complete and in order: {result['complete']}, "
             f"{result['with_errors']} with errors {result['errors_sample'] or ''}",
             f"CLI said: {result['cli_stderr'].splitlines()[-1] if result['cli_stderr'] else ''}"]
    early = result["rss_at"].get(2000)
    late_done, late = result["last_rss"]
    if early:
        lines.append("workers' RSS after 2,000 articles: " + ", ".join(f"{s / mib:.0f}" for s in early) + " MiB")
    if late:
        lines.append(f"workers' RSS after {late_done:,} articles: " + ", ".join(f"{s / mib:.0f}" for s in late)
                     + " MiB")
    lines += ["", f"{'articles':>13}  {'art/s':>6}  {'max worker RSS':>14}"]
    marks = sorted(result["marks"].items())
    previous_done, previous_time = 0, 0.0
    for done, seconds in marks:
        pace = (done - previous_done) / max(seconds - previous_time, 1e-9)
        peak = result["peak_by_1000"].get(previous_done // STEP, 0) / mib
        lines.append(f"{previous_done:>6}-{done:<6}  {pace:6.1f}  {peak:10.0f} MiB")
        previous_done, previous_time = done, seconds
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DATA, help="folder with the dev JSONL files")
    parser.add_argument("--keep", type=Path, help="write the input and output here (default: a temporary folder)")
    parser.add_argument("--json", type=Path, help="also save the numbers as JSON here")
    args = parser.parse_args(argv)
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        result = run(args.articles, args.workers, args.keep, args.data)
    else:
        with tempfile.TemporaryDirectory() as folder:
            result = run(args.articles, args.workers, Path(folder), args.data)
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    return 0 if result["complete"] and result["exit"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())

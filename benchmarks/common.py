"""What the benchmark scripts share: the dev texts, and telling a pool's workers apart."""
from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FILES = ("factrueval-dev.jsonl", "nerel-dev.jsonl")


def load_texts(folder: Path = DATA) -> list[dict]:
    """The factRuEval and NEREL dev texts as {"id", "text"}, blank ones left out."""
    items = []
    for name in FILES:
        with open(folder / name, encoding="utf-8") as file:
            items += [{"id": r["id"], "text": r["text"]} for r in map(json.loads, file) if r["text"].strip()]
    return items


def pool_workers(process) -> list:
    """The batch-pool workers under a psutil Process: the forkserver's children (or
    spawned workers, where there is no forkserver); not the forkserver itself, nor
    the resource tracker."""
    import psutil

    workers = []
    for child in process.children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()) or \
                    "forkserver" in " ".join(child.parent().cmdline()):
                workers.append(child)
        except (psutil.Error, AttributeError):  # gone between listing and reading
            continue
    return workers

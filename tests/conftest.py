"""Shared fixtures: one pipeline per session; gold data from ../shared when present."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs at least 2,000 examples a property; locally a quicker default. No deadline:
# the first example of a session loads the models. print_blob: a CI failure can be
# replayed locally with @reproduce_failure.
settings.register_profile("ci", max_examples=2000, deadline=None, print_blob=True)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
EXAMPLES = ROOT / "examples"


def shared_file(*parts: str) -> Path:
    """A file of ../shared, or a clean skip when this checkout has none."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs ../shared/{'/'.join(parts)} (not in this checkout)")
    return path


def load_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


@pytest.fixture(scope="session")
def pipeline():
    import newsfacts

    return newsfacts.Pipeline()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return shared_file("data", "seed-article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_article(pipeline, seed_text):
    return pipeline.extract(seed_text)

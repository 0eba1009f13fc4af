"""Lexicons: plain text files in `data/`, one item a line, `#` starts a comment.

A line may hold several fields separated by `|` (an alias and its canonical form, a
currency word and its code); `load_table` splits them. Files are read once, lazily.
"""
from __future__ import annotations

from functools import cache
from importlib import resources


def _lines(name: str):
    path = resources.files("newsfacts") / "data" / f"{name}.txt"
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


@cache
def person_titles() -> frozenset[str]:
    """Posts and professions: the nouns a role can give a person ("президент", "актриса")."""
    return load_set("posts") | load_set("professions")


@cache
def load_set(name: str) -> frozenset[str]:
    """The items of lexicon `name` (the first field of each line), lower case."""
    return frozenset(line.split("|", 1)[0].strip().lower() for line in _lines(name))


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of lexicon `name`, fields split on `|` and stripped."""
    return tuple(tuple(field.strip() for field in line.split("|")) for line in _lines(name))


@cache
def load_mapping(name: str) -> dict[str, str]:
    """Lexicon `name` as {first field, lower case: last field}."""
    return {row[0].lower(): row[-1] for row in load_table(name)}

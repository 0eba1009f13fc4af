"""Adversarial inputs at modest sizes: they complete, and what they give is right.

The same inputs at full size, with time and memory, are in benchmarks/adversarial.py.
"""
from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT
from test_properties import FULL, check_article


def _load_benchmark():
    spec = importlib.util.spec_from_file_location("adversarial", ROOT / "benchmarks" / "adversarial.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = _load_benchmark()


def run(text):
    article = FULL.extract(text, published="2024-03-14")
    assert article.errors == []
    check_article(article, text)
    return article


@pytest.mark.parametrize("name, size", [
    ('quote marks "', 20_000),
    ("mixed quote marks", 20_000),
    ("« without »", 5_000),
    ("dashes", 20_000),
])
def test_punctuation_runs_give_no_facts(name, size):
    article = run(bench.CASES[name][0](size))
    assert article.quotes == []
    assert article.figures == []
    assert article.entities == []


def test_repeated_ones_are_not_one_big_number():
    article = run(bench.ones(20_000))
    # "1 1 1" is not a number with thousands separators: groups after the first have 3 digits
    assert all(len(figure.span.text) < 12 for figure in article.figures)
    assert all(figure.value is None or figure.value < 1000 for figure in article.figures)


def test_long_digit_run_completes():
    text = bench.digits(5_000)  # more digits than int() converts by default (4,300)
    article = run(text)
    assert article.model_dump_json()


@pytest.mark.parametrize("builder", [bench.nested_brackets, bench.nested_quotes])
def test_deep_nesting_completes(builder):
    text = builder(2_000)
    article = run(text)
    assert article.sentences


def test_one_long_line_reads_like_the_article():
    one = run(bench.one_line(len(bench.ARTICLE)))
    line = run(bench.one_line(50_000))
    assert {e.name for e in line.entities} >= {e.name for e in one.entities} - {None}
    assert len(line.sentences) > 100


def test_long_article_is_the_short_one_repeated():
    single = run(bench.ARTICLE)
    copies = 40
    long = run(bench.ARTICLE * copies)
    # every copy is read alike: the same things, each mentioned `copies` times as often
    assert sorted((e.type, e.name) for e in long.entities) == sorted((e.type, e.name) for e in single.entities)
    assert sum(len(e.mentions) for e in long.entities) == copies * sum(len(e.mentions) for e in single.entities)
    assert len(long.quotes) == copies * len(single.quotes)
    assert len(long.figures) == copies * len(single.figures)
    assert roles_of(long) == roles_of(single)  # a post is one fact, however often repeated


def roles_of(article):
    def name(entity_id):
        entity = article.entity(entity_id)
        return entity.name if entity else None

    return {(name(role.person), role.title, name(role.org)) for role in article.roles}


def test_hundred_kilobyte_article_completes():
    text = bench.article(100_000)
    article = run(text)
    assert article.entities and article.sentences[-1].stop <= len(text)

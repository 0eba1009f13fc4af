"""The notebook view of an Article, and examples/batch.ipynb run end to end."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsfacts import Article, Change, Entity, Figure, Quote, Span

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "batch.ipynb"
TEXT = "Посол Чжан Сяо сказал: «Китай и Казахстан — друзья». Товарооборот вырос на 32%."


def span(part: str) -> Span:
    start = TEXT.index(part)
    return Span(start=start, stop=start + len(part), text=part)


@pytest.fixture(scope="module")
def article() -> Article:
    return Article(
        id="a1", text=TEXT, published=date(2024, 7, 7),
        entities=[Entity(id="e1", type="PER", name="Чжан Сяо", mentions=[span("Чжан Сяо")]),
                  Entity(id="e2", type="LOC", name="Китай", mentions=[span("Китай")]),
                  Entity(id="e3", type="LOC", name="Казахстан", mentions=[span("Казахстан")])],
        quotes=[Quote(text="Китай и Казахстан — друзья", span=span("Китай и Казахстан — друзья"), kind="direct",
                      speaker="e1", speaker_span=span("Чжан Сяо"), cue="сказать")],
        figures=[Figure(kind="percent", value=Decimal(32), unit="%", span=span("32%"),
                        change=Change(value=Decimal(32), unit="%", direction="up", span=span("на 32%")))],
        errors=["figures: a test error <b>"],
    )


class _Nesting(HTMLParser):
    """Records text and checks that every tag closes in order."""

    def __init__(self):
        super().__init__()
        self.stack, self.text, self.tips = [], [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.tips += [value for name, value in attrs if name == "title"]

    def handle_endtag(self, tag):
        assert self.stack.pop() == tag

    def handle_data(self, data):
        if "sup" not in self.stack:  # labels added after a quote are not article text
            self.text.append(data)


def test_html_marks_facts_and_nests(article):
    page = article._repr_html_()
    parser = _Nesting()
    parser.feed(page)
    assert parser.stack == []
    assert TEXT in "".join(parser.text)  # the text, whole, under the marks (entities sit inside the quote)
    assert "direct quote, Чжан Сяо (сказать)" in parser.tips and "LOC: Казахстан" in parser.tips
    assert "speaker: Чжан Сяо" in parser.tips and any(tip.startswith("percent: 32%, +32%") for tip in parser.tips)
    assert "&lt;b&gt;" in page and "<b>" not in page.replace("<b>a1</b>", "")  # errors are escaped


def test_str_is_compact(article):
    lines = str(article).splitlines()
    assert lines[0].startswith("Article(id='a1', published=2024-07-07")
    assert "  direct quote [Чжан Сяо, сказать]: Китай и Казахстан — друзья" in lines
    assert "  percent: 32% = 32%, +32%" in lines and lines[-1] == "  error: figures: a test error <b>"


def test_batch_notebook_runs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("matplotlib")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "5 articles, 0 with errors" in printed
    shown = [o.get("data", {}) for o in outputs if o.output_type in ("execute_result", "display_data")]
    assert any("Шаккалиев" in d.get("text/html", "") for d in shown)    # the article's HTML view
    assert sum("<table" in d.get("text/html", "") for d in shown) >= 2  # the quotes and figures frames
    assert any("image/png" in d for d in shown)                          # the speakers plot

"""Readable views of an Article: a compact text form for terminals, HTML for notebooks.

`format_html` marks the text itself: entity mentions by type (references to them, a
pronoun or a post, dashed), quotes underlined with
their speaker after them, the words naming the speaker, figures, and in grey what was
left out of analysis (site chrome); then lists the quotes and figures. Marks may overlap (a name inside a quote): the text is cut at
every mark boundary and each piece is wrapped in the marks that cover it, so the
HTML always nests properly.
"""
from __future__ import annotations

import html
from dataclasses import dataclass


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# ------------------------------------------------------------------ text

def format_text(article) -> str:
    """A few lines: the article's id and date, then one line per fact."""
    names = {e.id: e.name for e in article.entities}
    lines = [f"Article(id={article.id!r}, published={article.published}, title={_short(article.title or '')!r})"]
    for e in article.entities:
        refs = f" +{len(e.references)} ref" if e.references else ""
        lines.append(f"  {e.type} {e.name} ×{len(e.mentions)}{refs}")
    for r in article.roles:
        lines.append(f"  role: {names.get(r.person)} — {r.title}" + (f" ({names.get(r.org)})" if r.org else ""))
    for q in article.quotes:
        lines.append(f"  {q.kind} quote [{_speaker(q, names)}, {q.cue}]: {_short(q.text)}")
    for f in article.figures:
        lines.append(f"  {f.kind}: {f.span.text} = {_figure(f)}")
    for d in article.dates:
        lines.append(f"  date: {d.span.text} -> {d.start}..{d.end}")
    for err in article.errors:
        lines.append(f"  error: {err}")
    return "\n".join(lines)


def _speaker(quote, names: dict) -> str:
    if quote.speaker in names:
        return names[quote.speaker]
    return quote.speaker_span.text if quote.speaker_span else "?"


def _figure(figure) -> str:
    value = "?" if figure.value is None else f"{figure.value}"
    if figure.value_max is not None:
        value += f"–{figure.value_max}"
    parts = [f"{value} {figure.unit or ''}".strip()]
    if figure.qualifier != "exact":
        parts.append(f"({figure.qualifier})")
    if figure.change:
        sign = {"up": "+", "down": "−"}.get(figure.change.direction, "±")
        parts.append(f"{sign}{figure.change.value}{figure.change.unit}")
    if figure.period and (figure.period.start or figure.period.end):
        parts.append(f"[{figure.period.start}..{figure.period.end}]")
    if figure.metric:
        parts.append(f"«{figure.metric}»")
    return " ".join(parts)


# ------------------------------------------------------------------ HTML

STYLES = {
    "PER": "background:#fde2e4",
    "ORG": "background:#dce8fd",
    "LOC": "background:#dcf5e0",
    "reference": "border-bottom:2px dashed #7a7a7a",
    "figure": "background:#eadcfb;border-radius:3px",
    "quote": "border-bottom:2px solid #d9a400",
    "speaker": "font-weight:bold",
    "skipped": "color:#999",
}


@dataclass(frozen=True)
class _Mark:
    start: int
    stop: int
    style: str
    tip: str
    after: str = ""  # a label shown after the mark (a quote's speaker)


def _marks(article) -> list[_Mark]:
    names = {e.id: e.name for e in article.entities}
    marks = []
    for e in article.entities:
        marks += [_Mark(m.start, m.stop, STYLES[e.type], f"{e.type}: {e.name}") for m in e.mentions]
        marks += [_Mark(r.start, r.stop, STYLES["reference"], f"refers to {e.type}: {e.name}") for r in e.references]
    for q in article.quotes:
        who = _speaker(q, names)
        marks.append(_Mark(q.span.start, q.span.stop, STYLES["quote"], f"{q.kind} quote, {who} ({q.cue})", who))
        if q.speaker_span:
            marks.append(_Mark(q.speaker_span.start, q.speaker_span.stop, STYLES["speaker"], f"speaker: {who}"))
    for f in article.figures:
        marks.append(_Mark(f.span.start, f.span.stop, STYLES["figure"], f"{f.kind}: {_figure(f)}"))
    marks += _skipped(article)
    size = len(article.text)
    return [m for m in marks if 0 <= m.start < m.stop <= size]


def _skipped(article) -> list[_Mark]:
    # text outside every sentence was left out of analysis (site chrome, the dateline)
    if not article.sentences:
        return []
    marks, position = [], 0
    for sent in sorted(article.sentences, key=lambda s: s.start) + [None]:
        stop = len(article.text) if sent is None else sent.start
        if article.text[position:stop].strip():
            marks.append(_Mark(position, stop, STYLES["skipped"], "left out: not article text"))
        position = max(position, sent.stop) if sent is not None else position
    return marks


def _markup(text: str, marks: list[_Mark]) -> str:
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.stop for m in marks)})
    # longest marks outermost, so a mention inside a quote sits inside its underline
    marks = sorted(marks, key=lambda m: (m.start - m.stop, m.start))
    out = []
    for start, stop in zip(cuts, cuts[1:]):
        piece = html.escape(text[start:stop])
        for mark in reversed([m for m in marks if m.start <= start and stop <= m.stop]):
            piece = f'<span style="{mark.style}" title="{html.escape(mark.tip)}">{piece}</span>'
        out.append(piece)
        for mark in marks:
            if mark.after and mark.stop == stop:
                out.append(f'<sup style="color:#8a6d00">&#8202;{html.escape(mark.after)}</sup>')
    return "".join(out)


def _table(head: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return ""
    cells = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{html.escape(str(c))}</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table><tr>{cells}</tr>{body}</table>"


def format_html(article) -> str:
    """The article as HTML: its text with the facts marked, then its quotes and figures."""
    names = {e.id: e.name for e in article.entities}
    legend = " ".join(f'<span style="{STYLES[key]}">{label}</span>' for key, label in
                      [("PER", "person"), ("ORG", "organisation"), ("LOC", "place"), ("reference", "reference"), ("quote", "quote"),
                       ("speaker", "speaker"), ("figure", "figure"), ("skipped", "left out")])
    head = (f"<b>{html.escape(article.title or article.id or '')}</b> "
            f"<small>{html.escape(article.id or '') if article.title else ''} {article.published or ''}</small>")
    quotes = _table(["speaker", "cue", "quote"],
                    [[_speaker(q, names), q.cue or "", _short(q.text, 120)] for q in article.quotes])
    figures = _table(["figure", "value", "metric"],
                     [[f.span.text, _figure(f), f.metric or ""] for f in article.figures])
    errors = "".join(f"<div style='color:#b00'>error: {html.escape(e)}</div>" for e in article.errors)
    return (f"<div>{head}<div><small>{legend}</small></div>"
            f"<div style='white-space:pre-wrap;line-height:1.6'>{_markup(article.text, _marks(article))}</div>"
            f"{quotes}{figures}{errors}</div>")

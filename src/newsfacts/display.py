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
from datetime import timedelta


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
        lines.append(f"  {f.kind}: {f.span.text} = {_figure(f)}" + (f" «{f.metric}»" if f.metric else ""))
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
    """A figure as a person writes it: "более 41 млрд USD, +32%, 2023"."""
    parts = []
    if figure.value is not None:  # a bare change ("выросли на 5%") has none
        amount = _amount(figure.value, figure.value_max, figure.unit)
        parts.append(QUALIFIER_WORDS.get(figure.qualifier, "") + amount)
    if figure.change:
        parts.append(_change(figure.change))
    if figure.period and (figure.period.start or figure.period.end):
        parts.append(_period(figure.period.start, figure.period.end))
    return ", ".join(parts) or "?"


QUALIFIER_WORDS = {"more": "более ", "less": "менее ", "about": "около "}
SIGNS = {"up": "+", "down": "−"}
# scale words a news text writes big numbers with, largest first
SCALES = ((10 ** 12, "трлн"), (10 ** 9, "млрд"), (10 ** 6, "млн"))


def _amount(value, value_max, unit) -> str:
    """"41 млрд USD", "210–250 млн RUB", "32%", "1 250,5 тонна": the scale of the larger end."""
    top = abs(value_max if value_max is not None else value)
    divisor, word = next(((size, name) for size, name in SCALES if top >= size), (1, ""))
    number = _decimal(value / divisor)
    if value_max is not None:
        number += "–" + _decimal(value_max / divisor)
    if word:
        number += " " + word
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def _decimal(value) -> str:
    """Russian digits: a space between thousands, a decimal comma, at most two decimals."""
    rounded = round(value, 2)
    whole, _, fraction = f"{abs(rounded):,.2f}".partition(".")
    fraction = fraction.rstrip("0")
    text = whole.replace(",", "\u00a0") + ("," + fraction if fraction else "")
    return ("-" if rounded < 0 else "") + text


def _change(change) -> str:
    if change.unit == "times":  # "в 1,5 раза": grew or shrank that many times
        size = _decimal(change.value) + ("–" + _decimal(change.value_max) if change.value_max is not None else "")
        return {"up": f"×{size}", "down": f"÷{size}"}.get(change.direction, f"в {size} раза")
    return SIGNS.get(change.direction, "±") + _amount(change.value, change.value_max, change.unit)


def _period(start, end) -> str:
    """"2023", "май 2024", "январь–май 2024", "30.04.2024", else the two days."""
    if start and end and start.year == end.year:
        whole_months = start.day == 1 and (end + timedelta(days=1)).day == 1
        if whole_months and (start.month, end.month) == (1, 12):
            return str(start.year)
        if whole_months:
            months = _month_names()
            name = months[start.month - 1]
            return (f"{name} {start.year}" if start.month == end.month
                    else f"{name}–{months[end.month - 1]} {start.year}")
    if start and end:
        return _day(start) if start == end else f"{_day(start)}–{_day(end)}"
    return f"с {_day(start)}" if start else f"по {_day(end)}"


def _day(day) -> str:
    return day.strftime("%d.%m.%Y")


def _month_names() -> list[str]:
    from .lexicons import load_table

    return [row[0].split()[0] for row in load_table("months")]  # the first form: the nominative


# ------------------------------------------------------------------ HTML

# a highlight sets its own text colour too: a dark theme's light text on these light
# backgrounds could not be read
STYLES = {
    "PER": "background:#fde2e4;color:#1a1a1a",
    "ORG": "background:#dce8fd;color:#1a1a1a",
    "LOC": "background:#dcf5e0;color:#1a1a1a",
    "reference": "border-bottom:2px dashed #7a7a7a",
    "figure": "background:#eadcfb;color:#1a1a1a;border-radius:3px",
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
        metric = f" «{f.metric}»" if f.metric else ""
        marks.append(_Mark(f.span.start, f.span.stop, STYLES["figure"], f"{f.kind}: {_figure(f)}{metric}"))
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
